using System.Net;
using System.Text.Json;
using DbLogs.Tests.Process;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Nodes;

/// <summary>
/// Two service nodes on one PostgreSQL store: each sees both, the work of following a stream is held by exactly one of them,
/// and a node that stops cleanly leaves, so the other takes its work over.
/// </summary>
public sealed class ServiceNodesTests
{
    [Fact]
    public async Task Two_nodes_list_each_other_one_follows_a_stream_and_the_other_takes_over_when_it_leaves()
    {
        var store = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        var a = await TestApp.StartAsync(["--ConnectionStrings:Postgres", store, "--NodeId", "node-a", "--MasterKey", SharedKey]);
        await using var b = await TestApp.StartAsync(["--ConnectionStrings:Postgres", store, "--NodeId", "node-b", "--MasterKey", SharedKey]);
        string lease;
        await using (a)
        {
            var project = await a.CreateProjectAsync();
            var instance = await a.CreateRedisInstanceAsync(project);
            var issued = await a.AdminAsync(HttpMethod.Post, $"/admin/v1/instances/{instance}/agent-keys");
            var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
            lease = $"followers:{instance}/r00/redis-run";
            Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(a.Client, key, "r00", 0, "first line\n")).StatusCode);

            var nodes = await WaitForAsync(b, n => Holders(n, lease).Count == 1);
            Assert.Equal(["node-a", "node-b"], nodes.EnumerateArray().Select(n => n.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
            Assert.All(nodes.EnumerateArray(), n => Assert.True(n.GetProperty("live").GetBoolean()));
            Assert.Equal(["node-b"], nodes.EnumerateArray().Where(n => n.GetProperty("self").GetBoolean()).Select(n => n.GetProperty("id").GetString()));
            Assert.Equal(["node-a"], Holders(nodes, lease)); // the node that took the append followed it at once; b's tick was refused
        }

        // a stopped cleanly: it left, and b's next catch-up (its tick, at most FollowerInterval away) takes the stream.
        var after = await WaitForAsync(b, n => Holders(n, lease).SequenceEqual(["node-b"]), TimeSpan.FromSeconds(30));
        Assert.Equal(["node-b"], after.EnumerateArray().Select(n => n.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_node_with_another_master_key_than_the_store_was_written_with_refuses_to_start()
    {
        var store = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        await using var first = await TestApp.StartAsync(["--ConnectionStrings:Postgres", store, "--MasterKey", SharedKey]);

        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
            TestApp.StartAsync(["--ConnectionStrings:Postgres", store, "--MasterKey", Convert.ToBase64String(new byte[32])]));

        Assert.Contains("same MasterKey", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SharedKey, refused.Message, StringComparison.Ordinal);
        await using var same = await TestApp.StartAsync(["--ConnectionStrings:Postgres", store, "--MasterKey", SharedKey]);
    }

    private static readonly string SharedKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static List<string?> Holders(JsonElement nodes, string lease) =>
        [.. nodes.EnumerateArray().Where(n => n.GetProperty("leases").EnumerateArray().Any(l => l.GetProperty("name").GetString() == lease))
            .Select(n => n.GetProperty("id").GetString())];

    private static async Task<JsonElement> ListAsync(TestApp app)
    {
        using var response = await app.AdminAsync(HttpMethod.Get, "/admin/v1/nodes");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<JsonElement> WaitForAsync(TestApp app, Func<JsonElement, bool> done, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        var nodes = await ListAsync(app);
        while (!done(nodes) && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
            nodes = await ListAsync(app);
        }

        return nodes;
    }
}
