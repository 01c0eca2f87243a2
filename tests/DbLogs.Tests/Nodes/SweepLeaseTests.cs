using DbLogs.Storage.Nodes;
using DbLogs.Storage.RedisRun;
using DbLogs.Tests.Api.Dcs;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Nodes;

/// <summary>
/// The run-log retention sweep runs on the node holding its lease only: not while a dead node's lease on it runs, on one
/// of the two live nodes when it lapses, and on the other node once that one stops.
/// </summary>
public sealed class SweepLeaseTests
{
    [Fact]
    public async Task The_run_log_retention_sweep_waits_for_a_dead_holders_lease_then_one_node_sweeps_and_the_other_takes_over_when_it_stops()
    {
        var lease = WorkLeaseNames.Sweep("run-log-retention");
        DcsScene? scene = null;
        var expired = string.Empty;
        await using var nodes = await TwoNodes.StartAsync(DcsScene.Now, async setUp =>
        {
            Assert.True(await TwoNodes.HoldForDeadNodeAsync(setUp, lease));
            scene = await DcsScene.CreateAsync(setUp);
            expired = await SeedExpiredAsync(setUp, scene.Instance, new DateOnly(2026, 1, 5));
        }, "--RunLogSweepInterval", "00:00:00.100");
        var shared = scene!;
        await Task.Delay(TimeSpan.FromSeconds(2)); // some twenty sweep intervals of each node
        Assert.NotNull(await Entries(nodes.A).GetAsync(shared.Instance, expired));

        nodes.PassLeaseTime();
        Assert.True(await TwoNodes.EventuallyAsync(async () => await Entries(nodes.A).GetAsync(shared.Instance, expired) is null));
        var holder = Assert.Single(await TwoNodes.HoldersAsync(nodes.A, lease));
        Assert.Contains(holder, new[] { TwoNodes.IdOf(nodes.A), TwoNodes.IdOf(nodes.B) });
        var sweeper = holder == TwoNodes.IdOf(nodes.A) ? nodes.A : nodes.B;

        var other = nodes.Other(sweeper);
        await nodes.StopAsync(sweeper);
        var next = await SeedExpiredAsync(other, shared.Instance, new DateOnly(2026, 1, 6));
        Assert.True(await TwoNodes.EventuallyAsync(async () => await Entries(other).GetAsync(shared.Instance, next) is null));
        Assert.Equal([TwoNodes.IdOf(other)], await TwoNodes.HoldersAsync(other, lease));
    }

    private static IRedisRunStore Entries(TestApp node) => node.Services.GetRequiredService<IRedisRunStore>();

    /// <summary>A day file collected 30 days ago: past the 7 days kept.</summary>
    private static async Task<string> SeedExpiredAsync(TestApp node, string instanceId, DateOnly day)
    {
        var collected = node.Clock.Now - TimeSpan.FromDays(30);
        var id = await Entries(node).BeginAsync(Guid.NewGuid().ToString("D"), instanceId, "r00", "group-0", "127.0.0.1", day, collected);
        await Entries(node).FinishAsync(id, RunLogStatus.Succeed, 9, collected);
        return id;
    }
}
