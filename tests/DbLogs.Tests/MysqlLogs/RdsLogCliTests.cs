using System.Text.Json;
using DbLogs.Tests.Api.Rds;
using DbLogs.Tests.Cli;

namespace DbLogs.Tests.MysqlLogs;

/// <summary><c>dblogs rds errorlog|slowlog</c> against the real service, signed with the project's access key.</summary>
public class RdsLogCliTests
{
    private static Task<(int Exit, string Out, string Error)> RunAsync(RdsFixture f, string command, params string[] args) =>
        RunWithSecretAsync(f, f.Project.Sk, command, args);

    /// <summary>Runs <c>dblogs rds {command}</c> with the connection given as options (the environment is empty).</summary>
    private static async Task<(int Exit, string Out, string Error)> RunWithSecretAsync(RdsFixture f, string sk, string command, params string[] args)
    {
        var result = await CloudCli.RunAsync(f.App, new Dictionary<string, string>(), [
            "rds", command, "--endpoint", "http://localhost", "--ak", f.Project.Ak, "--sk", sk, "--project-id", f.Project.Id, "--instance", f.Instance, .. args,
        ]);
        return (result.ExitCode, result.Out, result.Err);
    }

    [Fact]
    public async Task Errorlog_lists_the_messages_of_the_last_day_and_filters_by_level()
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);
        await f.Seeder.ErrorLogAsync(f.Instance, DateTimeOffset.UtcNow.AddHours(-1), "WARNING", "Access denied for user 'nobody'@'localhost'");
        await f.Seeder.ErrorLogAsync(f.Instance, DateTimeOffset.UtcNow.AddHours(-2), "NOTE", "ready for connections");
        await f.Seeder.ErrorLogAsync(f.Instance, DateTimeOffset.UtcNow.AddDays(-2), "ERROR", "too old");

        var (exit, output, error) = await RunAsync(f, "errorlog", "--level", "WARNING");

        Assert.True(exit == 0, error);
        Assert.Contains("Access denied for user 'nobody'@'localhost'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ready for connections", output, StringComparison.Ordinal);
        Assert.Contains("1 in all.", output, StringComparison.Ordinal);

        var (_, json, _) = await RunAsync(f, "errorlog", "--json");
        using var body = JsonDocument.Parse(json);
        Assert.Equal(2, body.RootElement.GetProperty("total_record").GetInt64());
    }

    [Fact]
    public async Task Slowlog_lists_statements_and_their_statistics()
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);
        for (var n = 0; n < 2; n++)
        {
            await f.Seeder.MysqlSlowAsync(f.Instance, DateTimeOffset.UtcNow.AddMinutes(-10 - n), 1.5, "SELECT SLEEP(N)", "SELECT");
        }

        await f.Seeder.MysqlSlowAsync(f.Instance, DateTimeOffset.UtcNow.AddMinutes(-5), 2, "UPDATE t SET a = N", "UPDATE");

        var (exit, output, error) = await RunAsync(f, "slowlog", "--type", "UPDATE");
        Assert.True(exit == 0, error);
        Assert.Contains("UPDATE t SET a = N", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SLEEP", output, StringComparison.Ordinal);

        var (_, stats, _) = await RunAsync(f, "slowlog", "--statistics", "--json");
        using var body = JsonDocument.Parse(stats);
        var top = body.RootElement.GetProperty("slowLogList")[0];
        Assert.Equal(("SELECT SLEEP(N)", "2"), (top.GetProperty("querySample").GetString(), top.GetProperty("count").GetString()));

        // The table shows the row counts the route sends as JSON integers (each seeded run sent 1 row and examined 10).
        var (tableExit, table, tableError) = await RunAsync(f, "slowlog", "--statistics");
        Assert.True(tableExit == 0, tableError);
        var sleepRow = table.Split('\n').Single(l => l.Contains("SELECT SLEEP(N)", StringComparison.Ordinal));
        Assert.Matches(@"│\s*2\s*│\s*20\s*│", sleepRow);
    }

    [Fact]
    public async Task A_wrong_secret_key_prints_the_apis_error_and_exits_1()
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);

        var (exit, _, error) = await RunWithSecretAsync(f, "wrong", "errorlog");

        Assert.Equal(1, exit);
        Assert.StartsWith("error: HTTP 401 APIGW.", error, StringComparison.Ordinal);
    }
}
