using System.Diagnostics;
using System.Text.Json;
using DbLogs.Server.Nodes;
using DbLogs.Storage.Nodes;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Nodes;

/// <summary>
/// Two service nodes, <c>node-a</c> and <c>node-b</c>, on one PostgreSQL database of their own, whose clocks move
/// together; and <see cref="DeadNode"/>, which only ever took leases: a node killed while it held them. A third node
/// prepares the store before the two start.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    public const string DeadNode = "node-dead";

    private static readonly string SharedKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private readonly List<TestApp> _running;

    private TwoNodes(string store, TestApp a, TestApp b)
    {
        Store = store;
        A = a;
        B = b;
        _running = [a, b];
    }

    /// <summary>The connection string of the nodes' database.</summary>
    public string Store { get; }

    public TestApp A { get; }

    public TestApp B { get; }

    /// <param name="setUp">Runs on a node started and stopped before the two: what the test needs in the store before they
    /// start (the dead node's leases, which a live node's first pass would otherwise take).</param>
    public static Task<TwoNodes> StartAsync(DateTimeOffset now, Func<TestApp, Task> setUp, params string[] args) => StartAsync(now, setUp, null, args);

    /// <param name="services">Changes the services of both nodes (not of the set-up node).</param>
    public static async Task<TwoNodes> StartAsync(DateTimeOffset now, Func<TestApp, Task> setUp, Action<IServiceCollection>? services, params string[] args)
    {
        var store = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        // Without the embedded collectors: they would poll (and lease) the local nodes setUp adds.
        await using (var before = await TestApp.StartAsync(
            ["--ConnectionStrings:Postgres", store, "--NodeId", "node-setup", "--MasterKey", SharedKey, "--EmbeddedCollector=false"], now))
        {
            await setUp(before);
        }

        var a = await TestApp.StartAsync(["--ConnectionStrings:Postgres", store, "--NodeId", "node-a", "--MasterKey", SharedKey, .. args], now, services);
        try
        {
            return new TwoNodes(store, a,
                await TestApp.StartAsync(["--ConnectionStrings:Postgres", store, "--NodeId", "node-b", "--MasterKey", SharedKey, .. args], now, services));
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    public static string IdOf(TestApp node) => node.Services.GetRequiredService<NodeIdentity>().Id;

    /// <summary>The node that is not <paramref name="node"/>.</summary>
    public TestApp Other(TestApp node) => node == A ? B : A;

    /// <summary>Takes the lease for <see cref="DeadNode"/>, for one lease time from now.</summary>
    public static Task<bool> HoldForDeadNodeAsync(TestApp via, string lease) =>
        via.Services.GetRequiredService<INodeStore>().TryAcquireAsync(lease, DeadNode, via.Clock.Now, NodeHeartbeat.LeaseTtl);

    /// <summary>Moves both clocks past the lease time: the dead node's leases lapse.</summary>
    public void PassLeaseTime()
    {
        foreach (var node in new[] { A, B })
        {
            node.Clock.Advance(NodeHeartbeat.LeaseTtl + TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>A clean stop: the node leaves and gives its leases up.</summary>
    public async Task StopAsync(TestApp node)
    {
        _running.Remove(node);
        await node.DisposeAsync();
    }

    /// <summary>The nodes holding <paramref name="lease"/>, as <c>dblogs admin nodes</c> lists them on <paramref name="via"/>.</summary>
    public static async Task<IReadOnlyList<string>> HoldersAsync(TestApp via, string lease)
    {
        using var response = await via.AdminAsync(HttpMethod.Get, "/admin/v1/nodes");
        var nodes = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var holders = nodes.EnumerateArray()
            .Where(n => n.GetProperty("leases").EnumerateArray().Any(l => l.GetProperty("name").GetString() == lease))
            .Select(n => n.GetProperty("id").GetString()!);
        return [.. holders];
    }

    public static async Task<bool> EventuallyAsync(Func<Task<bool>> done, TimeSpan? timeout = null)
    {
        var started = Stopwatch.StartNew();
        while (!await done())
        {
            if (started.Elapsed > (timeout ?? TimeSpan.FromSeconds(15)))
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _running)
        {
            await node.DisposeAsync();
        }
    }
}
