using System.Text.Json;
using DbLogs.Processing.MariadbAudit;
using DbLogs.Processing.RedisRun;
using DbLogs.Processing.RedisSlowlog;
using DbLogs.Processing.Streams;
using DbLogs.Server.Admin;
using DbLogs.Server.Auth;
using DbLogs.Server.Auth.Passwords;
using DbLogs.Server.Auth.Tokens;
using DbLogs.Server.Bootstrap;
using DbLogs.Server.Dcs;
using DbLogs.Server.Downloads;
using DbLogs.Server.Embedded;
using DbLogs.Server.Hosting;
using DbLogs.Server.Ingest;
using DbLogs.Server.Metrics;
using DbLogs.Server.Nodes;
using DbLogs.Server.Rds;
using DbLogs.Server.Rds.AuditPolicies;
using DbLogs.Server.Search;
using DbLogs.Server.Secrets;
using DbLogs.Server.Tail;
using DbLogs.Server.WebConsole;
using DbLogs.Storage.Blobs;
using DbLogs.Storage.Files;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Postgres;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sqlite;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace DbLogs.Server;

/// <summary>Builds the DbLogs web application: configuration, services, pipeline and routes.</summary>
public static class DbLogsServer
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // appsettings.json is read once: reloading it watches the whole content root recursively, and with the data
        // directory inside it every segment write would wake that watcher.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"] });

        // Configure configuration: appsettings.json < --config FILE < DBLOGS_* environment < command line.
        if ((builder.Configuration["config"] ?? Environment.GetEnvironmentVariable("DBLOGS_CONFIG")) is { Length: > 0 } file)
        {
            // JSON with // comments, as the package's /etc/dblogs/dblogs.json is.
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddEnvironmentVariables("DBLOGS_");
        builder.Configuration.AddCommandLine(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddServiceMetrics(DefaultUrl);

        // Configure logging: request lines would carry signed download links; keep the framework to warnings.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // A failed start or background service is reported by `serve` in one line on stderr; the host's own log of it
        // is a stack trace an operator does not need.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        var options = builder.Configuration.Get<DbLogsOptions>() ?? new DbLogsOptions();
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        // Kestrel's transport takes its buffers from the last factory registered: 64 KiB blocks, so an agent's batch arrives in
        // a sixteenth of the socket reads (about 1.3x the ingest rate on the collection benchmark).
        services.AddSingleton<IMemoryPoolFactory<byte>, TransportMemoryPoolFactory>();
        var postgres = builder.Configuration.GetConnectionString(PostgresConnectionString.Name);
        services.AddSingleton(_ => new DataDirectory(options, holdsStore: string.IsNullOrEmpty(postgres)));
        services.AddSingleton<StorageCondition>();
        services.AddSingleton<StartupState>();

        // Configure storage: PostgreSQL when a connection string names it, else the SQLite file in the data directory.
        if (!string.IsNullOrEmpty(postgres))
        {
            services.AddPostgresStorage(_ => PostgresConnectionString.Resolve(postgres, Environment.GetEnvironmentVariable));
        }
        else
        {
            services.AddSqliteStorage(sp => sp.GetRequiredService<DataDirectory>().DatabasePath);
        }

        // Configure blob storage: the S3-compatible object store Blobs:S3 names, else the data directory's blobs/.
        services.AddBlobStore(_ => BlobStoreSettings.Resolve(builder.Configuration, Environment.GetEnvironmentVariable),
            sp => Path.Combine(sp.GetRequiredService<DataDirectory>().Root, "blobs"));
        services.AddSingleton<CollectorLeases>();
        services.AddSingleton(sp => new SegmentStore(sp.GetRequiredService<DataDirectory>().StreamsPath));
        services.AddSingleton(sp => new CollectedFileStore(Path.Combine(sp.GetRequiredService<DataDirectory>().Root, "files"), sp.GetRequiredService<SegmentStore>()));
        services.AddSingleton<DownloadCache>();
        services.AddHostedService(sp => sp.GetRequiredService<DownloadCache>());
        // Log bytes: with an object store every node shares, streams and collected files live there; else in the data directory.
        if (builder.Configuration.GetSection(S3BlobOptions.Section).Exists())
        {
            services.AddSingleton(sp => new BlobStreamStore(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<ISourceStore>(),
                sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IStreamStore>(sp => sp.GetRequiredService<BlobStreamStore>());
            services.AddSingleton<ICollectedFiles>(sp => new BlobCollectedFiles(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<IStreamStore>()));
            services.AddSingleton<UncommittedPieceSweeper>();
            services.AddHostedService(sp => sp.GetRequiredService<UncommittedPieceSweeper>());
            services.AddSingleton<BlobStreamCompactor>();
            services.AddHostedService(sp => sp.GetRequiredService<BlobStreamCompactor>());
        }
        else
        {
            services.AddSingleton<IStreamStore>(sp => sp.GetRequiredService<SegmentStore>());
            services.AddSingleton<ICollectedFiles>(sp => sp.GetRequiredService<CollectedFileStore>());
        }

        // Configure authentication and the registry.
        services.AddSingleton(sp => MasterKey.Load(options, sp.GetRequiredService<DataDirectory>()));
        services.AddSingleton(sp => new SecretProtector(sp.GetRequiredService<MasterKey>().Bytes));
        services.AddSingleton<AdminCredentials>();
        services.AddSingleton<RegistryReadCache>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<PasswordCheckGate>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton<CloudAuthenticator>();
        services.AddSingleton<RegistryService>();
        services.AddSingleton<BootstrapApplier>();
        services.AddSingleton<DownloadLinks>();

        // Configure collection: the ingest route and its store.
        services.AddSingleton<AgentKeys>();
        services.AddSingleton<AppendFailures>();
        services.AddSingleton<SourceHealth>();
        services.AddSingleton<IngestService>();
        services.AddSingleton<TailSignals>();
        // Hosted services start in this order: the collector needs the migrated, bootstrapped store.
        services.AddHostedService<StartupInitializer>();
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<WorkLeases>();
        services.AddSingleton<IWorkLeases>(sp => sp.GetRequiredService<WorkLeases>());
        services.AddHostedService<NodeHeartbeat>();
        services.AddEmbeddedCollectors(builder.Configuration);
        services.AddSingleton(builder.Configuration.Get<FollowerOptions>() ?? new FollowerOptions());
        services.AddSingleton<StreamFollowers>();
        services.AddHostedService(sp => sp.GetRequiredService<StreamFollowers>());
        services.AddSegmentCompaction();
        services.AddRdsAuditPolicy();
        services.AddMariadbAuditFiles(builder.Configuration);
        services.AddMariadbParsedLogs();
        services.AddRedisRunLogs(builder.Configuration);
        services.AddRedisSlowlog();

        // Configure the wire format and the OpenAPI document.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddOpenApi();
        services.AddWebConsole();
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<ErrorResponseMiddleware>();
        app.UseMiddleware<DotSegmentGuardMiddleware>();
        app.UseServiceMetrics();
        app.MapOpenApi();
        app.MapHealth();
        app.MapIamTokens();
        app.MapDcsLogs();
        app.MapRdsLogs();
        app.MapDbLogsGroup().MapAuditRecords().MapTail();
        app.MapAdmin();
        app.MapIngest();
        app.MapDownloads();
        app.MapWebConsole();
        return app;
    }
}
