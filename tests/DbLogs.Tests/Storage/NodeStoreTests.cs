using DbLogs.Storage.Nodes;

namespace DbLogs.Tests.Storage;

public sealed class SqliteNodeStoreTests : NodeStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresNodeStoreTests : NodeStoreTests<PostgresStorageUnderTest>;

public abstract class NodeStoreTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(20);

    private INodeStore Nodes => Store<INodeStore>();

    [Fact]
    public async Task A_lease_has_one_owner_until_it_expires_and_then_any_node_may_take_it()
    {
        Assert.True(await Nodes.TryAcquireAsync("cutter:7", "a", T0, Ttl));
        Assert.True(await Nodes.TryAcquireAsync("cutter:7", "a", T0.AddSeconds(5), Ttl)); // kept by its owner
        Assert.False(await Nodes.TryAcquireAsync("cutter:7", "b", T0.AddSeconds(24), Ttl));
        Assert.True(await Nodes.TryAcquireAsync("cutter:7", "b", T0.AddSeconds(25), Ttl)); // a's ran out at 5 + 20 s
        Assert.False(await Nodes.TryAcquireAsync("cutter:7", "a", T0.AddSeconds(26), Ttl));

        var (_, leases) = await Nodes.ListAsync(T0, T0.AddSeconds(26));
        Assert.Equal([new WorkLease("cutter:7", "b", T0.AddSeconds(25), T0.AddSeconds(45))], leases);
    }

    [Fact]
    public async Task Two_nodes_taking_one_lease_at_once_do_not_both_get_it()
    {
        for (var round = 0; round < 10; round++)
        {
            var name = $"sweep:{round}";
            var taken = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => Task.Run(() => Nodes.TryAcquireAsync(name, $"node-{n}", T0, Ttl))));
            Assert.Equal(1, taken.Count(t => t));
        }
    }

    [Fact]
    public async Task A_beat_renews_only_the_leases_its_node_still_holds_and_leaving_frees_them()
    {
        var a = new ServiceNode("a", "http://127.0.0.1:8001", "1.0", T0, T0);
        Assert.True(await Nodes.TryAcquireAsync("follower:1", "a", T0, Ttl));
        Assert.True(await Nodes.TryAcquireAsync("follower:2", "a", T0, Ttl));

        Assert.Equal(["follower:1", "follower:2"], (await Nodes.BeatAsync(a, T0.AddSeconds(10), Ttl)).Order(StringComparer.Ordinal));
        Assert.False(await Nodes.TryAcquireAsync("follower:1", "b", T0.AddSeconds(25), Ttl)); // renewed to 30 s

        Assert.True(await Nodes.TryAcquireAsync("follower:2", "b", T0.AddSeconds(31), Ttl)); // a was silent past 30 s
        Assert.Empty(await Nodes.BeatAsync(a, T0.AddSeconds(32), Ttl)); // too late: neither comes back to it

        var (nodes, leases) = await Nodes.ListAsync(T0, T0.AddSeconds(32));
        Assert.Equal([a with { HeartbeatAt = T0.AddSeconds(32) }], nodes);
        Assert.Equal(["follower:2"], leases.Select(l => l.Name));

        Assert.True(await Nodes.TryAcquireAsync("follower:3", "a", T0.AddSeconds(33), Ttl));
        await Nodes.LeaveAsync("a");
        Assert.True(await Nodes.TryAcquireAsync("follower:3", "b", T0.AddSeconds(34), Ttl));
        Assert.Empty((await Nodes.ListAsync(T0, T0.AddSeconds(34))).Nodes);
    }

    [Fact]
    public async Task Nodes_not_heard_from_since_the_given_time_are_not_listed()
    {
        await Nodes.BeatAsync(new ServiceNode("old", "http://127.0.0.1:8001", "1.0", T0, T0), T0, Ttl);
        await Nodes.BeatAsync(new ServiceNode("new", "http://127.0.0.1:8002", "1.0", T0, T0), T0.AddMinutes(5), Ttl);

        Assert.Equal(["new"], (await Nodes.ListAsync(T0.AddMinutes(1), T0.AddMinutes(5))).Nodes.Select(n => n.Id));
        Assert.Equal(["new", "old"], (await Nodes.ListAsync(T0, T0.AddMinutes(5))).Nodes.Select(n => n.Id));
    }

    [Fact]
    public async Task The_first_value_of_a_setting_is_the_one_every_node_gets()
    {
        Assert.Equal("one", await Nodes.AgreeAsync("master_key_check", "one"));
        Assert.Equal("one", await Nodes.AgreeAsync("master_key_check", "two"));
        Assert.Equal("three", await Nodes.AgreeAsync("other", "three"));
    }
}
