using DbLogs.Server.Admin;
using DbLogs.Server.Bootstrap;
using DbLogs.Server.Ingest;
using DbLogs.Server.Secrets;
using DbLogs.Storage;
using DbLogs.Storage.Nodes;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Server.Hosting;

/// <summary>
/// Runs before the server accepts requests: schema migrations, the master key check, cutting uncommitted stream tails, key files,
/// and the bootstrap file. A failure
/// here stops the start-up.
/// </summary>
public sealed class StartupInitializer(
    IStorageSchema database,
    AdminCredentials admin,
    BootstrapApplier bootstrap,
    IngestService ingest,
    DbLogsOptions options,
    DataDirectory data,
    INodeStore nodes,
    MasterKey masterKey,
    StartupState state,
    ILogger<StartupInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (data.PermissionsTightened > 0)
        {
            logger.LogWarning("Data directory {DataDirectory} was readable by other users: made {Count} entries owner-only (directories 0700, files 0600)",
                data.Root, data.PermissionsTightened);
        }

        await database.MigrateAsync(cancellationToken);
        await MasterKeyAgreement.EnsureAsync(nodes, masterKey, cancellationToken);
        await ingest.RecoverAsync(cancellationToken);
        admin.EnsureCreated();
        logger.LogInformation("Data directory {DataDirectory}; admin key in {AdminKeyPath}", data.Root, data.AdminKeyPath);
        if (!string.IsNullOrEmpty(options.Bootstrap))
        {
            var file = BootstrapReader.ReadFile(options.Bootstrap, Environment.GetEnvironmentVariable);
            var changes = await bootstrap.ApplyAsync(file, cancellationToken);
            logger.LogInformation("Bootstrap {BootstrapFile} applied: {Changes} change(s)", options.Bootstrap, changes);
        }

        state.MarkDone();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
