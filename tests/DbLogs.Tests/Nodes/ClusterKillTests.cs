using System.Diagnostics;
using DbLogs.Tests.Collection.Faults;
using DbLogs.Tests.Process;
using DbLogs.Tests.RealServers;
using Xunit.Abstractions;

namespace DbLogs.Tests.Nodes;

/// <summary>
/// Three <c>dblogs serve</c> nodes on one PostgreSQL store and one Ceph bucket, and agents that know all three, while a
/// Redis run log and a MariaDB audit log are written and rotated: a random node is killed with SIGKILL and restarted again
/// and again, and so are the agents. In the end each stored stream is what was written, byte for byte, the audit files
/// cut from the audit stream hold each record once, every node lists the same, and a link one node signs downloads from
/// another. Set <c>DBLOGS_FAULT_SEED</c> to replay a run's random choices (not its timing).
/// </summary>
[Collection(nameof(FaultTestGroup))]
public sealed class ClusterKillTests(ITestOutputHelper output)
{
    private const int NodeKills = 10;
    private const int AgentKills = 10;
    private const int BatchBytes = 4096;

    // Small, so the cutter closes dozens of files during the run (the writer's records are ~100 bytes, a few ~18 KB).
    private const int AuditFileBytes = 8 * 1024;

    private static readonly string MasterKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 5)).ToArray());

    [Fact]
    [Trait("Category", "Fault")]
    public async Task Nodes_and_agents_killed_at_random_moments_store_every_byte_once_and_every_node_answers_alike()
    {
        var random = FaultRun.SeededRandom(Log);
        var clock = Stopwatch.StartNew();

        var root = Directory.CreateTempSubdirectory("dblogs-cluster-").FullName;
        var bootstrap = Path.Combine(root, "bootstrap.json");
        await File.WriteAllTextAsync(bootstrap, ProcessBootstrap.Json());
        var postgres = await PostgresCluster.Shared;
        var gateway = await CephGateway.Shared;
        var store = new ClusterStore(await postgres.CreateDatabaseAsync(), gateway, await gateway.CreateBucketAsync());
        var nodes = store.Nodes(3, root, bootstrap, MasterKey, AuditFileBytes);
        var agents = new List<FaultAgent>();
        using var stopWriters = new CancellationTokenSource();
        var writing = new List<Task>();
        try
        {
            foreach (var node in nodes)
            {
                await node.StartAsync();
            }

            Log($"set-up: Ceph and PostgreSQL ready, 3 nodes started ({clock.Elapsed.TotalSeconds:0.0} s)");
            var redis = new RedisRunWriter(FaultRun.LogPath(root, "redis", "redis-server.log"), new Random(random.Next()), 60, 4101, 'M');
            var audit = new MariadbAuditWriter(FaultRun.LogPath(root, "mysql", "server_audit.log"), new Random(random.Next()), 30);
            var sources = new (string Node, string Kind, LogWriter Writer)[]
            {
                (ProcessBootstrap.ReplicaId, "redis-run", redis), ("n1", "mariadb-audit", audit),
            };
            writing.AddRange(sources.Select(s => s.Writer.RunAsync(stopWriters.Token)));

            // An agent key belongs to one instance, so one agent per instance; their lists start at different nodes.
            var urls = nodes.Select(n => n.BaseUrl).ToList();
            agents.Add(new FaultAgent("agent-redis", FaultAgent.WriteConfig(root, "redis", urls,
                await nodes[0].IssueAgentKeyAsync(ProcessBootstrap.RedisInstanceId), BatchBytes, sources[..1]), root, 1));
            agents.Add(new FaultAgent("agent-mysql", FaultAgent.WriteConfig(root, "mysql", [.. urls[2..], .. urls[..2]],
                await nodes[0].IssueAgentKeyAsync(ProcessBootstrap.MysqlInstanceId), BatchBytes, sources[1..]), root, 1));
            foreach (var agent in agents)
            {
                agent.Start();
            }

            var phase = Stopwatch.StartNew();
            var restarts = KillNodesAsync(nodes, new Random(random.Next()), writing);
            await Task.WhenAll(restarts, KillAgentsAsync(agents, new Random(random.Next()), writing));
            Log($"kills: {string.Join(", ", nodes.Select(n => $"{n.Name} {n.Kills}"))} (a node took {(await restarts).TotalSeconds:0.0} s to start on average), " +
                $"{string.Join(", ", agents.Select(a => $"{a.Name} {a.Kills}"))} ({phase.Elapsed.TotalSeconds:0.0} s)");

            await stopWriters.CancelAsync();
            await Task.WhenAll(writing);
            audit.Dispose();
            phase.Restart();
            var caughtUp = await FaultRun.WaitForCatchUpAsync(nodes[0], agents, sources, Log);
            Log($"catch-up: {(caughtUp ? "done" : $"NOT done within {FaultRun.CatchUpTimeout.TotalSeconds:0} s")} ({phase.Elapsed.TotalSeconds:0.0} s)");
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }

            phase.Restart();
            var problems = await ClusterChecks.StreamsAsync(store, sources, Log);
            problems.AddRange(await ClusterChecks.AuditFilesAsync(store, nodes, Log));
            problems.AddRange(agents.SelectMany(a => a.UnexpectedExits));
            Log($"checks ({phase.Elapsed.TotalSeconds:0.0} s); total {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        }
        finally
        {
            await stopWriters.CancelAsync();
            await Task.WhenAll(writing.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            foreach (var process in agents.Cast<IAsyncDisposable>().Concat(nodes))
            {
                await process.DisposeAsync();
            }

            await postgres.DropDatabaseAsync(store.ConnectionString);
            FaultRun.TryDelete(root);
        }
    }

    /// <summary>
    /// Kills a random running node at a random moment, <see cref="NodeKills"/> times, and starts it again on its port and data
    /// directory in the background: up to two nodes are down or starting at once, never all three.
    /// </summary>
    /// <returns>The mean time a node took to start again.</returns>
    private static async Task<TimeSpan> KillNodesAsync(List<FaultService> nodes, Random random, List<Task> writing)
    {
        var restarting = new Dictionary<FaultService, Task<TimeSpan>>();
        var took = TimeSpan.Zero;
        async Task CollectAsync()
        {
            foreach (var (node, restart) in restarting.Where(r => r.Value.IsCompleted).ToList())
            {
                took += await restart;
                restarting.Remove(node);
            }
        }

        for (var kill = 0; kill < NodeKills; kill++)
        {
            await Task.Delay(random.Next(200, 1200));
            FaultRun.ThrowIfFailed(writing);
            await CollectAsync();
            while (restarting.Count == nodes.Count - 1)
            {
                await Task.WhenAny(restarting.Values);
                await CollectAsync();
            }

            var running = nodes.Where(n => !restarting.ContainsKey(n)).ToList();
            var node = running[random.Next(running.Count)];
            await node.KillAsync();
            restarting[node] = RestartAsync(node);
        }

        await Task.WhenAll(restarting.Values);
        await CollectAsync();
        return took / NodeKills;
    }

    private static async Task<TimeSpan> RestartAsync(FaultService node)
    {
        var starting = Stopwatch.StartNew();
        await node.StartAsync();
        return starting.Elapsed;
    }

    /// <summary>Kills each agent at a random moment after it started collecting and starts it again, <see cref="AgentKills"/> times.</summary>
    private static async Task KillAgentsAsync(List<FaultAgent> agents, Random random, List<Task> writing)
    {
        for (var round = 0; round < AgentKills; round++)
        {
            FaultRun.ThrowIfFailed(writing);
            await Task.WhenAll(agents.Select(a => a.KillAtRandomMomentAsync(random.Next(300, 2500))));
        }
    }

    private void Log(string line) => output.WriteLine(line);
}
