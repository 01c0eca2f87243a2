using System.Text.Json;
using DbLogs.Tests.Collection.Faults;
using DbLogs.Tests.Process;
using DbLogs.Tests.RealServers;
using Xunit.Abstractions;

namespace DbLogs.Tests.Tail;

/// <summary>
/// The live tail of a log shipped by the native agent (<c>dblogs agent</c>) to a real <c>dblogs serve</c> without its
/// embedded collector: every line redis-server writes arrives in order, and the line-written-to-event latency is measured.
/// </summary>
public sealed class TailAgentTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-tail-agent-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Fact]
    public async Task Lines_shipped_by_the_agent_reach_a_tail_in_order_within_two_seconds()
    {
        const int Markers = 30;
        await using var redis = await RedisServer.StartAsync("--enable-debug-command", "yes");
        var (bootstrap, project, instance) = RedisTailService.WriteBootstrap(_dir, redis);
        await using var serve = await ServeProcess.StartAsync(new ServeOptions { Bootstrap = bootstrap, ExtraArgs = ["--EmbeddedCollector=false"] });
        var config = Path.Combine(_dir, "agent.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["server"] = serve.BaseUrl,
            ["agent_key"] = await serve.IssueAgentKeyAsync(instance),
            ["state_dir"] = Path.Combine(_dir, "state"),
            ["sources"] = new[] { new Dictionary<string, string> { ["kind"] = "redis-run", ["path"] = redis.LogFile, ["node"] = "r1" } },
        }));
        await using var agent = FaultProcess.Start("agent", ["agent", "--config", config], _dir);
        var path = $"/dblogs/v1/{project.Id}/instances/{instance}/tail?node_id=r1&kind=redis-run";
        await TailWait.UntilAsync(async () => await TailProcessTests.CollectedAsync(serve, project, path), what: $"the agent shipped nothing; {agent}");

        using var client = await SseClient.OpenAsync(serve.Client, DateTimeOffset.UtcNow, project, instance, "node_id=r1&kind=redis-run&since=1000");
        var before = File.ReadAllLines(redis.LogFile).Length;
        var (received, latencies) = await TailLatency.MeasureAsync([client],
            async marker => Assert.Equal("+OK", await redis.CommandAsync("DEBUG", "LOG", marker)), Markers);
        Assert.Equal(File.ReadAllLines(redis.LogFile)[..(before + Markers)], received[0].Select(e => e.Line));
        output.WriteLine($"native agent: line written -> event {TailLatency.Describe(latencies)}");
        Assert.True(latencies[Markers / 2] < TimeSpan.FromSeconds(2), $"median latency {latencies[Markers / 2]}");
    }
}
