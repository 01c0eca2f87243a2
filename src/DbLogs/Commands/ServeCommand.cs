using System.CommandLine;
using System.Data.Common;
using DbLogs.Core.Configuration;
using DbLogs.Core.Files;
using DbLogs.Server;
using DbLogs.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Cli.Commands;

/// <summary><c>dblogs serve</c>: the API service. Every token after <c>serve</c> is also host configuration.</summary>
internal static class ServeCommand
{
    public static Command Create(string[] allArgs)
    {
        var command = new Command("serve", "Run the API service (listens on " + DbLogsServer.DefaultUrl + " unless --urls says otherwise).")
        {
            new Option<string>("--config") { Description = "Configuration file (JSON, comments allowed), e.g. /etc/dblogs/dblogs.json; env DBLOGS_CONFIG." },
            new Option<string>("--data") { Description = "Data directory (SQLite store, key files, logs). Default ./data; env DBLOGS_DATA." },
            new Option<string>("--bootstrap") { Description = "Declarative set-up file (JSON or YAML) applied at start-up; env DBLOGS_BOOTSTRAP." },
            new Option<string>("--urls") { Description = "URLs to listen on, e.g. http://127.0.0.1:8080;https://127.0.0.1:8443." },
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((_, ct) => RunAsync(allArgs.SkipWhile(a => a != "serve").Skip(1).ToArray(), ct));
        return command;
    }

    private static async Task<int> RunAsync(string[] hostArgs, CancellationToken ct)
    {
        OwnerOnly.RestrictProcessUmask();
        WebApplication? app = null;
        var starting = false;
        try
        {
            app = DbLogsServer.Build(DbLogsServer.CreateBuilder(hostArgs));
            _ = app.Services.GetRequiredService<DataDirectory>(); // refuses a directory whose store was lost before anything opens it
            starting = true;
            await app.StartAsync(ct);
            // With the JSON console formatter stdout stays one JSON object per line; the host's own "Now listening on" says the same.
            var jsonLogs = string.Equals(app.Configuration["Logging:Console:FormatterName"], "json", StringComparison.OrdinalIgnoreCase);
            foreach (var url in jsonLogs ? [] : app.Urls)
            {
                Console.WriteLine($"dblogs: listening on {url}");
            }

            await app.WaitForShutdownAsync(ct);
            // A background service that failed stopped the host as a signal would: only its task tells the two apart.
            if (FailedService(app) is { } failure)
            {
                await Console.Error.WriteLineAsync($"dblogs: stopped: {Reason(app, failure)}");
                return 1;
            }

            return 0;
        }
        catch (ConfigValidationException ex)
        {
            foreach (var error in ex.All)
            {
                await Console.Error.WriteLineAsync($"dblogs: the bootstrap file is invalid: {error.KeyPath}: {error.Problem}");
            }

            return 2;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or DbException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            if (starting)
            {
                // Stopped, not just disposed: the background services already running then end as stopped, not as failed.
                await app!.StopAsync(CancellationToken.None);
            }

            // A background service failing during start-up cancels the start: its error is the reason, not the cancellation.
            var cause = (starting ? FailedService(app!) : null) ?? ex;
            await Console.Error.WriteLineAsync($"dblogs: cannot start: {Reason(app, cause)}");
            return 1;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static Exception? FailedService(WebApplication app) =>
        app.Services.GetServices<IHostedService>().OfType<BackgroundService>()
            .Select(s => s.ExecuteTask?.Exception?.GetBaseException())
            .FirstOrDefault(e => e is not null);

    /// <summary>One line for an operator: a full disk says so and where, anything else is its message.</summary>
    private static string Reason(WebApplication? app, Exception error)
    {
        if (app?.Services.GetService<DbLogsOptions>() is { } options && Path.GetFullPath(options.Data) is var data && StorageFull.Is(error, data))
        {
            return $"the data directory {data} is full ({StorageFull.Describe(error)}); free space and start again.";
        }

        if (error is IOException { InnerException: System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } }
            or IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException })
        {
            return error.Message.ReplaceLineEndings(" ") +
                " Another process listens there: stop it, or choose another address with --urls (e.g. --urls http://127.0.0.1:8081).";
        }

        return error.Message.ReplaceLineEndings(" ");
    }
}
