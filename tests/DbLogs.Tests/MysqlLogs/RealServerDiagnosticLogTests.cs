using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DbLogs.Core.Logs;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.MysqlLogs;

/// <summary>
/// A real mariadbd's slow and error logs, collected by the embedded collector and parsed by the followers, as
/// ListSlowLogs, the slow-log statistics and ListErrorLogs answer them.
/// </summary>
public sealed partial class RealServerDiagnosticLogTests(MariaDbTemplate template) : IClassFixture<MariaDbTemplate>, IDisposable
{
    private const string AppPassword = "App-Pa55word";

    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-mysqllogs-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    /// <summary>Only the app's sessions log slow queries (<see cref="AppSqlAsync"/>): a root statement slowed by a loaded machine
    /// would change the counts.</summary>
    private static readonly MariaDbOptions SlowOnlyWhereAsked = new() { LongQueryTime = 100 };

    private string DataDirectory => Path.Combine(_dir, "data");

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")]
    private static partial Regex UtcWithoutOffset();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d [ \d]\d:\d\d:\d\d \d+ \[|\d{6} [ \d]\d:\d\d:\d\d server_audit: ")]
    private static partial Regex ErrorLogMessageStart();

    /// <summary>Server records and server_audit messages, wherever they start (the plugin's messages may share a line).</summary>
    private static int ExpectedErrorEntries(string errorText) => ErrorLogMessageStart().Count(errorText);

    /// <summary>A user that connects over TCP from 127.0.0.1, so the slow log records a client address.</summary>
    private static async Task SetUpAsync(MariaDbServer server) => await server.SqlAsync(
        $"""
        CREATE DATABASE shop CHARACTER SET utf8mb4;
        CREATE TABLE shop.t (id INT, note VARCHAR(100)) CHARACTER SET utf8mb4;
        CREATE USER 'app'@'127.0.0.1' IDENTIFIED BY '{AppPassword}';
        GRANT ALL ON shop.* TO 'app'@'127.0.0.1';
        """);

    private static async Task AppSqlAsync(MariaDbServer server, string sql)
    {
        var result = await ServerTools.RunAsync(MariaDbServer.Client,
        [
            "--no-defaults", "--protocol=TCP", "--host=127.0.0.1", $"--port={server.Port.ToString(CultureInfo.InvariantCulture)}", "--user=app",
            $"--password={AppPassword}", "--default-character-set=utf8mb4", "--batch", "shop",
        ], "SET SESSION long_query_time = 0.05;\n" + sql, TimeSpan.FromSeconds(20));
        Assert.True(result.ExitCode == 0, $"mariadb failed on:\n{sql}\n{result}");
    }

    private static async Task FailLoginAsync(MariaDbServer server, string password) =>
        Assert.NotEqual(0, (await server.TryClientAsync("SELECT 1;", "nobody", password)).ExitCode);

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));

    private static string[] Strings(JsonElement list, string name) => [.. list.EnumerateArray().Select(e => e.GetProperty(name).GetString()!)];

    private static async Task CollectedAsync(MysqlLogService service, MariaDbServer server)
    {
        await Collected.AssertEventuallyEqualAsync(service.App, LogKind.MariadbSlow, () => Collected.Concatenate([server.SlowLog]));
        await Collected.AssertEventuallyEqualAsync(service.App, LogKind.MariadbError, () => Collected.Concatenate([server.ErrorLog]));
    }

    [Fact]
    public async Task Slow_queries_and_error_messages_of_a_real_server_are_listed_with_their_fields()
    {
        await using var server = await MariaDbServer.StartAsync(SlowOnlyWhereAsked, template);
        await SetUpAsync(server);
        await using var service = await MysqlLogService.StartAsync(MysqlLogService.WriteBootstrap(_dir, server), DataDirectory);

        await AppSqlAsync(server, """
            SELECT SLEEP(0.1);
            SELECT SLEEP(0.1);
            INSERT INTO t SELECT SLEEP(0.1), 'Grüße 日本 ''q'' \\ back';
            SELECT SLEEP(0.1),
              'two
            lines';
            """);
        await FailLoginAsync(server, "wrong");
        await CollectedAsync(service, server);
        await service.CatchUpAndCompleteAsync();

        var slowText = File.ReadAllText(server.SlowLog);
        var slow = await service.GetAsync($"/slowlog?{MysqlLogService.Window()}&offset=1&limit=100");
        Assert.Equal(4, Count(slowText, "# Query_time: "));
        Assert.Equal(4, slow.GetProperty("total_record").GetInt64());
        var items = slow.GetProperty("slow_log_list").EnumerateArray().ToArray();
        Assert.Equal(
            ["INSERT INTO t SELECT SLEEP(N), N", "SELECT SLEEP(N)", "SELECT SLEEP(N)", "SELECT SLEEP(N), N"],
            items.Select(i => i.GetProperty("query_sample").GetString()).Order(StringComparer.Ordinal));
        foreach (var item in items)
        {
            Assert.All(item.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
            Assert.Equal(("1", "shop", "app", "127.*.*.1"), (item.GetProperty("count").GetString(), item.GetProperty("database").GetString(),
                item.GetProperty("users").GetString(), item.GetProperty("client_ip").GetString()));
            var time = item.GetProperty("time").GetString()!;
            Assert.EndsWith(" s", time, StringComparison.Ordinal);
            Assert.InRange(double.Parse(time[..^2], CultureInfo.InvariantCulture), 0.1, 10);
            var start = item.GetProperty("start_time").GetString()!;
            Assert.Matches(UtcWithoutOffset(), start);
            var startUtc = DateTime.ParseExact(start, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            Assert.InRange(startUtc, DateTime.UtcNow.AddMinutes(-2), DateTime.UtcNow.AddMinutes(1));
        }

        var inserts = await service.GetAsync($"/slowlog?{MysqlLogService.Window()}&type=INSERT");
        Assert.Equal(["INSERT"], Strings(inserts.GetProperty("slow_log_list"), "type"));

        var stats = await service.GetAsync($"/slowlog/statistics?cur_page=1&per_page=10&{MysqlLogService.Window()}");
        Assert.Equal(3, stats.GetProperty("totalRecord").GetInt64());
        var top = stats.GetProperty("slowLogList")[0];
        Assert.Equal(("SELECT SLEEP(N)", "2", "SELECT", "127.*.*.1"), (top.GetProperty("querySample").GetString(), top.GetProperty("count").GetString(),
            top.GetProperty("type").GetString(), top.GetProperty("clientIP").GetString()));
        Assert.InRange(double.Parse(top.GetProperty("time").GetString()![..^2], CultureInfo.InvariantCulture), 0.2, 20);

        var warnings = await service.GetAsync($"/errorlog?{MysqlLogService.Window()}&level=WARNING&limit=100");
        var denied = Assert.Single(warnings.GetProperty("error_log_list").EnumerateArray(),
            e => e.GetProperty("content").GetString()!.StartsWith("Access denied for user 'nobody'@'localhost'", StringComparison.Ordinal));
        Assert.Equal("WARNING", denied.GetProperty("level").GetString());
        Assert.Matches(UtcWithoutOffset(), denied.GetProperty("time").GetString()!);

        var notes = await service.GetAsync($"/errorlog?{MysqlLogService.Window()}&level=NOTE&limit=100");
        var noteContents = Strings(notes.GetProperty("error_log_list"), "content");
        Assert.Contains(noteContents, c => c.Contains("ready for connections.\nVersion: ", StringComparison.Ordinal));
        Assert.Contains(noteContents, c => c.StartsWith("server_audit: MariaDB Audit Plugin", StringComparison.Ordinal));
        Assert.DoesNotContain(noteContents, c => c.Contains("[Note]", StringComparison.Ordinal));

        var all = await service.GetAsync($"/errorlog?{MysqlLogService.Window()}&limit=1");
        var errorText = File.ReadAllText(server.ErrorLog);
        Assert.Equal(ExpectedErrorEntries(errorText), all.GetProperty("total_record").GetInt64());
    }

    [Fact]
    public async Task A_restart_of_the_service_mid_stream_neither_loses_nor_repeats_rows()
    {
        await using var server = await MariaDbServer.StartAsync(SlowOnlyWhereAsked, template);
        await SetUpAsync(server);
        var bootstrap = MysqlLogService.WriteBootstrap(_dir, server);

        await using (var first = await MysqlLogService.StartAsync(bootstrap, DataDirectory))
        {
            await AppSqlAsync(server, "SELECT SLEEP(0.1), 'before';\nSELECT SLEEP(0.1), 'before', 2;");
            await FailLoginAsync(server, "before-restart");
            await CollectedAsync(first, server);
            // Not completed: the last record of each stream is still pending when the service stops.
            await first.CatchUpAsync();
            var early = await first.GetAsync($"/slowlog?{MysqlLogService.Window()}");
            Assert.Equal(1, early.GetProperty("total_record").GetInt64());
        }

        await AppSqlAsync(server, "SELECT SLEEP(0.1), 'while stopped';");
        await FailLoginAsync(server, "while-stopped");

        await using var second = await MysqlLogService.StartAsync(bootstrap, DataDirectory);
        await AppSqlAsync(server, "SELECT SLEEP(0.1), 'after';");
        await FailLoginAsync(server, "after-restart");
        await CollectedAsync(second, server);
        await second.CatchUpAndCompleteAsync();
        await second.CatchUpAndCompleteAsync();

        var slow = await second.GetAsync($"/slowlog?{MysqlLogService.Window()}&limit=100");
        Assert.Equal(4, Count(File.ReadAllText(server.SlowLog), "# Query_time: "));
        Assert.Equal(4, slow.GetProperty("total_record").GetInt64());
        Assert.Equal(["SELECT SLEEP(N), N", "SELECT SLEEP(N), N", "SELECT SLEEP(N), N", "SELECT SLEEP(N), N, N"],
            Strings(slow.GetProperty("slow_log_list"), "query_sample").Order(StringComparer.Ordinal));

        var errorText = File.ReadAllText(server.ErrorLog);
        var warnings = await second.GetAsync($"/errorlog?{MysqlLogService.Window()}&level=WARNING&limit=100");
        var denied = Strings(warnings.GetProperty("error_log_list"), "content").Where(c => c.StartsWith("Access denied", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, Count(errorText, "[Warning] Access denied for user 'nobody'"));
        Assert.Equal(3, denied.Length);

        var all = await second.GetAsync($"/errorlog?{MysqlLogService.Window()}&limit=1");
        Assert.Equal(ExpectedErrorEntries(errorText), all.GetProperty("total_record").GetInt64());
    }
}
