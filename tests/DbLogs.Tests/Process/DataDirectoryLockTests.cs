using System.Net;
using DbLogs.Cli.Admin;

namespace DbLogs.Tests.Process;

/// <summary>One process at a time on a data directory: <c>serve</c> holds it for its lifetime, and the OS frees it when serve is killed.</summary>
public class DataDirectoryLockTests
{
    [Fact]
    public async Task A_second_serve_and_migrate_store_refuse_while_serve_runs_and_a_killed_serve_leaves_the_directory_free()
    {
        using var files = new TempDirectory();
        var data = files.File("data");
        var options = new ServeOptions { DataDirectory = data };
        var first = await ServeProcess.StartAsync(options);
        try
        {
            var second = await ServeProcess.RunToExitAsync(options);
            Assert.Equal(1, second.ExitCode);
            Assert.StartsWith($"dblogs: cannot start: the data directory {data} is in use by another dblogs process", second.Stderr.Trim(), StringComparison.Ordinal);
            Assert.Single(second.Stderr.Trim().Split('\n'));

            // Refused before the target is contacted: no PostgreSQL listens on port 1.
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var migrate = await AdminCommand.Create(new AdminCommandSettings { Out = stdout, Error = stderr })
                .Parse(["migrate-store", "--from", "sqlite:" + data, "--to", "postgres", "--ConnectionStrings:Postgres", "Host=127.0.0.1;Port=1;Database=none"])
                .InvokeAsync();
            Assert.Equal(1, migrate);
            Assert.Contains("is in use by another dblogs process", stderr.ToString(), StringComparison.Ordinal);
            Assert.Contains("stop the service first", stderr.ToString(), StringComparison.Ordinal);

            using var health = await first.Client.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            // SIGKILL: no shutdown code of serve runs, only the OS releases what it held.
            await first.DisposeAsync();
        }

        Assert.True(File.Exists(Path.Combine(data, "dblogs.lock")));
        await using var third = await ServeProcess.StartAsync(options);
        using var again = await third.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
