using System.Text;
using DbLogs.Cli.Cloud;
using DbLogs.Core.Logs;
using DbLogs.Server.Ingest;
using DbLogs.Tests.Api.Dcs;
using DbLogs.Tests.Cli;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.RunLogs;

/// <summary><c>dblogs redis runlogs …</c> run in-process against the in-process service, signed with AK/SK from the environment.</summary>
public sealed class RunLogCliTests : IDisposable
{
    private const string Lines =
        "7:M 10 Mar 2026 08:00:00.000 * Server initialized\n" +
        "7:M 10 Mar 2026 08:00:00.001 * Ready to accept connections tcp\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-runlog-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Collect_wait_list_and_download_save_the_day_file()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 1, replicasPerShard: 2);
        var data = Encoding.UTF8.GetBytes(Lines);
        Assert.Equal(IngestOutcome.Stored, (await app.Services.GetRequiredService<IngestService>().AppendAsync(
            new IngestBatch(scene.Instance, "r01", LogKind.RedisRun, "f", "/var/log/redis.log", 0, data, data.Length), CancellationToken.None)).Outcome);
        var env = Environment(scene);

        var collected = await RunAsync(app, env, "redis", "runlogs", "collect", "--instance", scene.Instance, "--replication-id", "r01",
            "--query-time", "3", "--wait");
        Assert.Equal((0, ""), (collected.ExitCode, collected.Err));
        Assert.Contains("redis_127.0.0.2_2026-03-10.log", collected.Out, StringComparison.Ordinal);
        Assert.Contains("succeed", collected.Out, StringComparison.Ordinal);

        var list = await RunAsync(app, env, "redis", "runlogs", "list", "--instance", scene.Instance, "--json");
        Assert.Equal(0, list.ExitCode);
        var id = System.Text.Json.JsonDocument.Parse(list.Out).RootElement.GetProperty("file_list")[0].GetProperty("id").GetString()!;

        var target = Path.Combine(_dir, "day.log");
        var download = await RunAsync(app, env, "redis", "runlogs", "download", "--instance", scene.Instance, "--id", id, "-o", target);
        Assert.Equal((0, "", $"Saved {data.Length} bytes to {target}"), (download.ExitCode, download.Err, download.Out.Trim()));
        Assert.Equal(data, await File.ReadAllBytesAsync(target));
        Assert.False(File.Exists(target + ".part"));
    }

    /// <summary>Two replicas, with <see cref="Lines"/> collected from r01, and the CLI environment for them.</summary>
    private static async Task<(DcsScene Scene, Dictionary<string, string> Env)> SceneWithCollectedLinesAsync(TestApp app)
    {
        var scene = await DcsScene.CreateAsync(app, shards: 1, replicasPerShard: 2);
        var data = Encoding.UTF8.GetBytes(Lines);
        await app.Services.GetRequiredService<IngestService>().AppendAsync(
            new IngestBatch(scene.Instance, "r01", LogKind.RedisRun, "f", "/var/log/redis.log", 0, data, data.Length), CancellationToken.None);
        return (scene, Environment(scene));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public async Task On_a_terminal_list_and_collect_wait_show_each_file_id_whole_on_one_line(int columns)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var (scene, env) = await SceneWithCollectedLinesAsync(app);
        var terminal = new CliTerminal(columns);

        var collected = await CloudCli.RunAsync(app, env, terminal, "redis", "runlogs", "collect", "--instance", scene.Instance, "--replication-id", "r01",
            "--query-time", "3", "--wait");
        var listed = await CloudCli.RunAsync(app, env, terminal, "redis", "runlogs", "list", "--instance", scene.Instance);
        var json = await RunAsync(app, env, "redis", "runlogs", "list", "--instance", scene.Instance, "--json");

        var ids = System.Text.Json.JsonDocument.Parse(json.Out).RootElement.GetProperty("file_list").EnumerateArray()
            .Select(f => f.GetProperty("id").GetString()!).ToList();
        Assert.NotEmpty(ids);
        foreach (var output in new[] { collected, listed })
        {
            Assert.Equal((0, ""), (output.ExitCode, output.Err));
            var lines = CliTerminal.Visible(output.Out).Split('\n');
            Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= columns, $"wider than {columns}: {line}"));
            Assert.All(ids, id => Assert.Single(lines, l => l.Contains(id, StringComparison.Ordinal)));
            Assert.Contains("2026-03-10", output.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Piped_the_list_is_one_tab_separated_line_per_file_whole_and_not_padded()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var (scene, env) = await SceneWithCollectedLinesAsync(app);
        Assert.Equal(0, (await RunAsync(app, env, "redis", "runlogs", "collect", "--instance", scene.Instance, "--replication-id", "r01", "--wait")).ExitCode);

        var listed = await RunAsync(app, env, "redis", "runlogs", "list", "--instance", scene.Instance);

        var lines = listed.Out.TrimEnd('\n').Split('\n');
        Assert.Equal("ID\tDay\tGroup\tReplica IP\tStatus\tFile", lines[0]);
        var row = lines[1].Split('\t');
        Assert.Equal(6, row.Length);
        Assert.Matches("^[0-9a-f-]{36}$", row[0]);
        Assert.Equal("redis_127.0.0.2_2026-03-10.log", row[5]);
        Assert.All(lines, line => Assert.False(line.EndsWith(' '), $"padded: '{line}'"));
    }

    [Fact]
    public async Task Options_override_the_environment_and_an_empty_list_says_so()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);

        var result = await RunAsync(app, new Dictionary<string, string> { [CloudGlobalOptions.AkVariable] = "AKWRONG000000000000" },
            "redis", "runlogs", "list", "--instance", scene.Instance, "--endpoint", "http://localhost", "--project-id", scene.Project.Id,
            "--ak", scene.Project.Ak, "--sk", scene.Project.Sk);

        Assert.Equal((0, "", "No run-log files."), (result.ExitCode, result.Err, result.Out.Trim()));
    }

    [Fact]
    public async Task Missing_secret_key_is_a_usage_error_and_api_errors_exit_1_with_the_code()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 2);
        var env = Environment(scene);
        env.Remove(CloudGlobalOptions.SkVariable);

        var noSk = await RunAsync(app, env, "redis", "runlogs", "list", "--instance", scene.Instance);
        Assert.Equal((2, "error: missing --sk: pass it or set DBLOGS_SK"), (noSk.ExitCode, noSk.Err.Trim()));

        env = Environment(scene);
        var unknown = await RunAsync(app, env, "redis", "runlogs", "download", "--instance", scene.Instance, "--id", "nope");
        Assert.Equal((1, $"error: HTTP 404 DCS.4001: run-log file nope does not exist in instance {scene.Instance} (see 'dblogs redis runlogs list')"),
            (unknown.ExitCode, unknown.Err.Trim()));

        var noReplica = await RunAsync(app, env, "redis", "runlogs", "collect", "--instance", scene.Instance);
        Assert.Equal((1, "error: HTTP 400 DCS.4800: Invalid replication_id in the request."), (noReplica.ExitCode, noReplica.Err.Trim()));
    }

    private static Dictionary<string, string> Environment(DcsScene scene) => CloudCli.Environment(scene.Project);

    private static Task<CloudCliResult> RunAsync(TestApp app, Dictionary<string, string> environment, params string[] args) =>
        CloudCli.RunAsync(app, environment, args);
}
