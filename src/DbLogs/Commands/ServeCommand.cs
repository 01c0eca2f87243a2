using System.CommandLine;
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
            foreach (var url in app.Urls)
            {
                Console.WriteLine($"dblogs: listening on {url}");
            }

            await app.WaitForShutdownAsync(ct);
            return 0;
        }
        catch (ConfigValidationException ex)
        {
            await Console.Error.WriteLineAsync($"dblogs: the bootstrap file is invalid: {ex.KeyPath}: {ex.Problem}");
            return 2;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            if (starting)
            {
                // Stopped, not just disposed: the background services already running then end as stopped, not as failed.
                await app!.StopAsync(CancellationToken.None);
            }

            await Console.Error.WriteLineAsync($"dblogs: cannot start: {ex.Message}");
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
}
