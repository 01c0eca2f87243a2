using DbLogs.Storage.Nodes;
using DbLogs.Tests.Api.Dcs;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.RedisSlowlog;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Nodes;

/// <summary>
/// A local Redis node's <c>SLOWLOG</c> is polled by the service node holding its poll lease only: not while a dead node's
/// lease on it runs, by one of the two live nodes when it lapses, and by the other node once that one stops.
/// </summary>
public sealed class SlowlogPollLeaseTests
{
    [Fact]
    public async Task A_redis_node_is_polled_by_the_holder_of_its_lease_only_and_by_the_other_node_once_that_one_stops()
    {
        await using var redis = await RedisServer.StartAsync(SlowlogScene.RedisArgs);
        TestProject? project = null;
        var instance = string.Empty;
        var lease = string.Empty;
        await using var nodes = await TwoNodes.StartAsync(DateTimeOffset.UtcNow, async setUp =>
        {
            project = await DcsScene.CreateProjectWithKeyOnlyAsync(setUp, "slow");
            // A loopback address and a run log whose directory exists: a node on this host, which serve polls itself.
            instance = await setUp.CreateInstanceAsync(project, $$$"""
                {"name":"cache-slow","engine":"redis","shards":[{"name":"group-0","replicas":[
                  {"id":"r1","ip":"127.0.0.1","port":{{{redis.Port}}},"role":"master","logs":{"run":"{{{redis.LogFile}}}"}}]}]}
                """);
            lease = WorkLeaseNames.SlowlogPoll(instance, "r1");
            Assert.True(await TwoNodes.HoldForDeadNodeAsync(setUp, lease));
        }, "--SlowlogInterval=00:00:00.1");
        var owner = project!;

        await SlowlogScene.SlowCommandsAsync(redis, 2);
        await Task.Delay(TimeSpan.FromSeconds(2)); // some twenty poll intervals of each node
        Assert.Empty(await SlowlogScene.ListAsync(nodes.A, owner, instance));

        nodes.PassLeaseTime();
        var items = await SlowlogScene.EventuallyAsync(() => SlowlogScene.ListAsync(nodes.A, owner, instance), i => i.Count >= 2);
        Assert.Equal(2, items.Count);
        var holder = Assert.Single(await TwoNodes.HoldersAsync(nodes.A, lease));
        Assert.Contains(holder, new[] { TwoNodes.IdOf(nodes.A), TwoNodes.IdOf(nodes.B) });
        var poller = holder == TwoNodes.IdOf(nodes.A) ? nodes.A : nodes.B;

        var other = nodes.Other(poller);
        await nodes.StopAsync(poller);
        await SlowlogScene.SlowCommandsAsync(redis, 1);
        // The other node's first poll sends the entries the first one stored again; the store keeps each once.
        items = await SlowlogScene.EventuallyAsync(() => SlowlogScene.ListAsync(other, owner, instance), i => i.Count >= 3);
        Assert.Equal(3, items.Count);
        Assert.Equal([TwoNodes.IdOf(other)], await TwoNodes.HoldersAsync(other, lease));
    }
}
