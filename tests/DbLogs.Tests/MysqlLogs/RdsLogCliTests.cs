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
        Assert.Matches("\t2\t20\t", sleepRow); // piped: tab-separated cells (rows sent, rows examined)
    }

    [Fact]
    public async Task A_wrong_secret_key_says_so_and_shows_the_canonical_request_only_with_verbose()
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);

        var (exit, _, error) = await RunWithSecretAsync(f, "wrong", "errorlog");
        var (verboseExit, _, verbose) = await RunWithSecretAsync(f, "wrong", "errorlog", "--verbose");

        Assert.Equal(1, exit);
        Assert.StartsWith("error: HTTP 401 APIGW.0301: the signature does not match: check the secret key (from option --sk)", error, StringComparison.Ordinal);
        Assert.Contains($"called http://localhost with access key {f.Project.Ak} from option --ak", error, StringComparison.Ordinal);
        Assert.DoesNotContain("canonicalRequest", error, StringComparison.Ordinal);
        Assert.DoesNotContain("GET|", error, StringComparison.Ordinal);
        Assert.Equal(1, verboseExit);
        Assert.Contains($"GET|/v3/{f.Project.Id}/instances/{f.Instance}/errorlog", verbose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_keys_with_another_projects_id_say_the_project_does_not_belong_to_them()
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);
        const string other = "0524e839a54847039e9b2b46e8aa788a";

        var result = await CloudCli.RunAsync(f.App, new Dictionary<string, string> { ["DBLOGS_PROJECT_ID"] = other }, [
            "rds", "errorlog", "--endpoint", "http://localhost", "--ak", f.Project.Ak, "--sk", f.Project.Sk, "--instance", f.Instance,
        ]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"project id {other} (from environment variable DBLOGS_PROJECT_ID) does not belong to access key {f.Project.Ak} (from option --ak)",
            result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("token", result.Err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_start_months_ago_is_refused_naming_the_start()
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);
        var start = DateTimeOffset.UtcNow.AddMonths(-9).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var (exit, _, error) = await RunAsync(f, "slowlog", "--start", start);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: --start is 27", error, StringComparison.Ordinal);
        Assert.Contains("at most 30 days", error, StringComparison.Ordinal);
        Assert.DoesNotContain("end_time", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public async Task On_a_terminal_a_long_statement_ends_with_an_ellipsis_on_one_line_and_json_and_pipes_have_it_whole(int columns)
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);
        const string statement = "SELECT o.id, o.total, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.created_at > N ORDER BY o.total DESC";
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await f.Seeder.MysqlSlowAsync(f.Instance, start, 1.5, statement);
        string[] args = ["rds", "slowlog", "--endpoint", "http://localhost", "--instance", f.Instance];
        var environment = CloudCli.Environment(f.Project);

        var terminal = await CloudCli.RunAsync(f.App, environment, new CliTerminal(columns), args);
        var piped = await CloudCli.RunAsync(f.App, environment, args);
        var json = await CloudCli.RunAsync(f.App, environment, [.. args, "--json"]);

        Assert.Equal((0, 0, 0), (terminal.ExitCode, piped.ExitCode, json.ExitCode));
        var lines = CliTerminal.Visible(terminal.Out).Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= columns, $"wider than {columns}: {line}"));
        var row = Assert.Single(lines, l => l.Contains("SELECT o.id", StringComparison.Ordinal));
        Assert.Contains("…", row, StringComparison.Ordinal);
        Assert.Contains(start.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
        Assert.Contains("\t" + statement + "\n", piped.Out, StringComparison.Ordinal);
        Assert.Contains(statement, json.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("errorlog", "--limit", "101", "--limit must be from 1 to 100, not 101")]
    [InlineData("slowlog", "--limit", "0", "--limit must be from 1 to 100, not 0")]
    [InlineData("slowlog", "--page", "0", "--page must be 1 or more, not 0")]
    [InlineData("auditlogs list", "--limit", "51", "--limit must be from 1 to 50, not 51")]
    public async Task Options_outside_their_documented_range_are_usage_errors(string command, string option, string value, string message)
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);

        var result = await CloudCli.RunAsync(f.App, CloudCli.Environment(f.Project), ["rds", .. command.Split(' '), "--instance", f.Instance, option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: " + message, result.Err, StringComparison.Ordinal);
    }
}
