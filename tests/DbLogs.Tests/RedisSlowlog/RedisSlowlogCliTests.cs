using System.Text.Json;
using DbLogs.Tests.Cli;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.RedisSlowlog;

/// <summary><c>dblogs redis slowlog</c> in-process against the in-process service, signed with the project's AK/SK.</summary>
public sealed class RedisSlowlogCliTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-30);

    private static async Task<(int Exit, string Out, string Err)> RunAsync(TestApp app, TestProject project, params string[] args)
    {
        var result = await CloudCli.RunAsync(app, project, ["redis", "slowlog", .. args]);
        return (result.ExitCode, result.Out, result.Err);
    }

    private static async Task<(TestApp App, TestProject Project, string Instance)> SeededAsync()
    {
        var app = await TestApp.StartAsync(now: DateTimeOffset.UtcNow);
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateRedisInstanceAsync(project);
        var seed = new LogSeeder(app);
        await seed.RedisSlowAsync(instance, "r00", 1, T0, 500, command: "KEYS *", clientIp: "10.1.1.1:5000");
        await seed.RedisSlowAsync(instance, "r00", 2, T0.AddSeconds(1), 90_000, command: "FLUSHALL");
        await seed.RedisSlowAsync(instance, "r00", 3, T0.AddSeconds(2), 20, command: "GET a");
        return (app, project, instance);
    }

    [Fact]
    public async Task The_table_lists_the_window_newest_first_with_the_api_fields()
    {
        var (app, project, instance) = await SeededAsync();
        await using var _ = app;

        var (exit, output, error) = await RunAsync(app, project, "--instance", instance);

        Assert.True(exit == 0, error);
        Assert.Contains("KEYS *", output, StringComparison.Ordinal);
        Assert.Contains("10.1.1.1:5000", output, StringComparison.Ordinal);
        Assert.Contains("90000", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("GET a", StringComparison.Ordinal) < output.IndexOf("KEYS *", StringComparison.Ordinal), output);
        Assert.Contains("3 of 3", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_follows_the_sort_paging_and_window_options()
    {
        var (app, project, instance) = await SeededAsync();
        await using var _ = app;

        var (exit, output, error) = await RunAsync(app, project, "--instance", instance, "--json", "--sort-key", "duration", "--sort-dir", "desc",
            "--limit", "2", "--start", T0.ToString("O"), "--end", T0.AddSeconds(1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(exit == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, root.GetProperty("total_num").GetInt64());
        Assert.Equal(["FLUSHALL", "KEYS *"], root.GetProperty("slowlogs").EnumerateArray().Select(i => i.GetProperty("command").GetString()));
    }

    [Fact]
    public async Task Wrong_credentials_and_missing_ones_fail_with_a_message()
    {
        var (app, project, instance) = await SeededAsync();
        await using var _ = app;

        var wrong = await RunAsync(app, project, "--instance", instance, "--sk", "not-the-secret");
        var bad = await RunAsync(app, project, "--instance", instance, "--start", "yesterday-ish");

        Assert.Equal(1, wrong.Exit);
        Assert.StartsWith("error: HTTP 401 APIGW.", wrong.Err, StringComparison.Ordinal);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("--start 'yesterday-ish' is not a time", bad.Err, StringComparison.Ordinal);
    }
}
