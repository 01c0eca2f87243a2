using System.Net;
using DbLogs.Processing.RedisRun;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.RedisRun;
using DbLogs.Tests.Api.Dcs;
using DbLogs.Tests.RunLogs;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Nodes;

/// <summary>
/// A run-log collection job is run by the node holding its replica's jobs lease, once: not while a dead node's lease on it
/// runs, by one of the two live nodes when it lapses, and by the other node once that one stops.
/// </summary>
public sealed class RunLogJobLeaseTests
{
    [Fact]
    public async Task A_job_waits_for_a_dead_holders_lease_to_lapse_then_one_node_runs_it_and_the_other_takes_over_when_that_one_stops()
    {
        DcsScene? scene = null;
        var lease = string.Empty;
        await using var nodes = await TwoNodes.StartAsync(DcsScene.Now, async setUp =>
        {
            scene = await DcsScene.CreateAsync(setUp);
            lease = WorkLeaseNames.RunLogJobs(scene.Instance, "r00");
            Assert.True(await TwoNodes.HoldForDeadNodeAsync(setUp, lease));
        }, "--RunLogJobInterval", "00:00:00.100");
        var shared = scene!;

        // Queued on node A; the replica has no lines, so a run deletes the day's entry.
        var onA = new RunLogClient(nodes.A, shared.Project, shared.Instance);
        await DcsAssert.SuccessAsync(await onA.CollectAsync(1, "r00"), HttpStatusCode.NoContent);
        await Task.Delay(TimeSpan.FromSeconds(2)); // some twenty passes of each node's loop
        Assert.Equal([RunLogStatus.Collecting], (await onA.ListAsync("r00")).Select(e => e.Status));
        Assert.Equal(0, Ran(nodes.A) + Ran(nodes.B));

        nodes.PassLeaseTime();
        Assert.True(await TwoNodes.EventuallyAsync(async () => (await onA.ListAsync("r00")).Count == 0));
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // room for a second run, which must not come
        Assert.Equal(1, Ran(nodes.A) + Ran(nodes.B));
        var runner = Ran(nodes.A) == 1 ? nodes.A : nodes.B;
        Assert.Equal([TwoNodes.IdOf(runner)], await TwoNodes.HoldersAsync(nodes.A, lease));

        var other = nodes.Other(runner);
        await nodes.StopAsync(runner);
        var onOther = new RunLogClient(other, shared.Project, shared.Instance);
        await DcsAssert.SuccessAsync(await onOther.CollectAsync(1, "r00"), HttpStatusCode.NoContent);
        Assert.True(await TwoNodes.EventuallyAsync(async () => (await onOther.ListAsync("r00")).Count == 0));
        Assert.Equal(1, Ran(other));
        Assert.Equal([TwoNodes.IdOf(other)], await TwoNodes.HoldersAsync(other, lease));
    }

    private static long Ran(TestApp node)
    {
        var (succeeded, empty, failed) = node.Services.GetRequiredService<RunLogJobs>().Outcomes;
        return succeeded + empty + failed;
    }
}
