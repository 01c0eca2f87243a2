using System.Diagnostics;
using DbLogs.Bench.Fleet;

namespace DbLogs.Bench.Nodes;

/// <summary>
/// Several service nodes (issue 15) over one PostgreSQL store and one Ceph bucket. Ingest: <see cref="Agents"/> agents,
/// each shipping a Redis run log of its own, spread over 1, 2 and 3 <c>dblogs serve</c> nodes (agent i lists the nodes
/// starting from node i mod N), each configuration on a fresh database and bucket, interleaved over the runs. Lists: the
/// fleet benchmark's routes, seeded into the store of 3 nodes, timed on node 1 with one wrk client on a quiet cluster and
/// again while three agents ship to the three nodes at full speed.
/// </summary>
internal static class NodesBenchmark
{
    public const int Agents = 6;
    private const string RedisId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";
    private static readonly int[] NodeCounts = [1, 2, 3];

    public static async Task<NodesReport> RunAsync(string dblogs, int megabytes, int runs, TimeSpan duration, FleetShape listShape)
    {
        var dir = Directory.CreateTempSubdirectory("dblogs-bench-nodes-").FullName;
        // Each configuration's bucket is deleted after it; the OSD (in RAM) is given room for the loaded lists, whose agents ship for a minute or more.
        await using var store = await SharedStore.StartAsync(objectStoreBytes: 12L << 30);
        try
        {
            var logs = Enumerable.Range(0, Agents).Select(i => Path.Combine(dir, $"redis-{i}.log")).ToArray();
            var bytesPerLog = megabytes * 1024L * 1024L / Agents;
            foreach (var log in logs)
            {
                LogGenerator.Write(log, bytesPerLog);
            }

            var ingest = new List<NodesIngestRun>();
            for (var run = 0; run < runs; run++)
            {
                foreach (var nodes in NodeCounts)
                {
                    var result = await IngestAsync(dblogs, store, nodes, $"ingest{nodes}run{run}", logs);
                    Console.Error.WriteLine($"nodes: {nodes} node(s), run {run + 1}: {result.MBps:0.0} MB/s, machine {result.MachineBusyShare:P0} busy");
                    ingest.Add(result);
                }
            }

            var lists = await ListsAsync(dblogs, store, listShape, duration);
            return new NodesReport(megabytes, runs, ingest, lists, listShape, duration);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<NodesIngestRun> IngestAsync(string dblogs, SharedStore store, int nodes, string name, string[] logs)
    {
        var (_, bucket, serveArguments) = await store.NewAsync(name);
        try
        {
            await using var service = await BenchService.StartAsync(dblogs, Instance(), storeArguments: serveArguments);
            var urls = await StartNodesAsync(dblogs, service, nodes);
            var total = logs.Sum(log => new FileInfo(log).Length);
            var serveBefore = service.Nodes.Sum(n => ProcStats.CpuTime(n.Id).TotalSeconds);
            var storeBefore = store.CpuTime();
            var machineBefore = MachineCpu.Now();
            var clock = Stopwatch.StartNew();
            var agents = await StartAgentsAsync(dblogs, service, urls, logs);
            while (await service.StoredBytesAsync(RedisId) < total)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(10) || agents.Any(a => a.HasExited))
                {
                    throw new InvalidOperationException($"{nodes} node(s): {await service.StoredBytesAsync(RedisId)} of {total} bytes stored, agents exited: {agents.Count(a => a.HasExited)}");
                }

                await Task.Delay(20);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var machine = MachineCpu.Now() - machineBefore;
            var storeCpu = (store.CpuTime() - storeBefore).TotalSeconds;
            var serveCpu = service.Nodes.Sum(n => ProcStats.CpuTime(n.Id).TotalSeconds) - serveBefore;
            var agentCpu = agents.Sum(a => ProcStats.CpuTime(a.Id).TotalSeconds);
            var gb = total / 1e9;
            return new NodesIngestRun(nodes, total / 1024.0 / 1024.0 / seconds, serveCpu / gb, agentCpu / gb, storeCpu / gb,
                machine.Busy.TotalSeconds / gb, machine.BusyShare);
        }
        finally
        {
            await store.DeleteBucketAsync(bucket);
        }
    }

    private static async Task<NodesListResult> ListsAsync(string dblogs, SharedStore store, FleetShape shape, TimeSpan duration)
    {
        var (connectionString, bucket, serveArguments) = await store.NewAsync("lists");
        try
        {
            var seeding = Stopwatch.StartNew();
            await using var service = await BenchService.StartAsync(dblogs, shape.InstancesJson() + "," + Instance(),
                _ => PostgresFleetSeeder.SeedAsync(connectionString, shape).GetAwaiter().GetResult(), serveArguments);
            Console.Error.WriteLine($"nodes: lists: {shape.RunLogEntries:N0} run-log entries, {shape.AuditFiles:N0} audit files and {shape.SlowRows:N0} slow-log rows seeded in {seeding.Elapsed.TotalSeconds:0} s");
            var urls = await StartNodesAsync(dblogs, service, 3);
            (string Name, string Path)[] routes = [("GET /health (baseline)", "health"), .. FleetRoutes.For(shape)];
            foreach (var (_, path) in routes)
            {
                await ListLatencyBenchmark.CheckListsAsync(service.Api, path);
            }

            var headers = new Dictionary<string, string> { ["X-Auth-Token"] = service.Token };
            Task<WrkResult> MeasureAsync(string path, TimeSpan time) =>
                Wrk.RunAsync(new WrkLoad(service.BaseUrl + path, 1, time, TimeSpan.FromSeconds(10)) { Headers = headers });

            var quiet = new List<WrkResult>();
            foreach (var (_, path) in routes)
            {
                await MeasureAsync(path, TimeSpan.FromSeconds(1)); // JIT and caches warm
                quiet.Add(await MeasureAsync(path, duration));
            }

            // Three agents, one per node, ship run logs kept ahead of them, while every route is timed again.
            var loads = new List<IngestLoad>();
            try
            {
                for (var i = 0; i < urls.Count; i++)
                {
                    loads.Add(await IngestLoad.StartAsync(service, dblogs, RedisId, Replica(i), ListFrom(urls, i)));
                }

                var loaded = new List<WrkResult>();
                foreach (var (_, path) in routes)
                {
                    loaded.Add(await MeasureAsync(path, duration));
                }

                var ingestMBps = 0.0;
                foreach (var load in loads)
                {
                    ingestMBps += await load.MBpsAsync();
                }

                return new NodesListResult([.. routes.Select((r, i) => new NodesListRow(r.Name, quiet[i], loaded[i]))], ingestMBps);
            }
            finally
            {
                foreach (var load in loads)
                {
                    await load.DisposeAsync();
                }
            }
        }
        finally
        {
            await store.DeleteBucketAsync(bucket);
        }
    }

    /// <summary>Starts nodes 2 … <paramref name="count"/> next to the service's first; gives all their base URLs.</summary>
    private static async Task<List<string>> StartNodesAsync(string dblogs, BenchService service, int count)
    {
        var urls = new List<string> { service.BaseUrl };
        for (var node = 2; node <= count; node++)
        {
            urls.Add(await service.StartNodeAsync(dblogs, $"node-{node}"));
        }

        return urls;
    }

    private static async Task<List<Process>> StartAgentsAsync(string dblogs, BenchService service, List<string> urls, string[] logs)
    {
        var agents = new List<Process>();
        for (var i = 0; i < logs.Length; i++)
        {
            agents.Add(await service.StartAgentAsync(dblogs, RedisId, Replica(i), logs[i], ListFrom(urls, i % urls.Count)));
        }

        return agents;
    }

    /// <summary>An agent's server list: every node, starting from node <paramref name="first"/> (it tries them in order).</summary>
    private static List<string> ListFrom(List<string> urls, int first) => [.. urls.Skip(first), .. urls.Take(first)];

    private static string Replica(int i) => $"r{i}";

    /// <summary>One Redis instance of <see cref="Agents"/> replicas in pairs (shards), each replica's run log shipped by one agent.</summary>
    private static string Instance()
    {
        var shards = string.Join(",", Enumerable.Range(0, Agents / 2).Select(s =>
            $$"""{"name":"group-{{s}}","replicas":[{"id":"{{Replica(2 * s)}}","ip":"10.1.{{s}}.1","port":6379,"role":"master"},{"id":"{{Replica(2 * s + 1)}}","ip":"10.1.{{s}}.2","port":6379,"role":"replica"}]}"""));
        return $$"""{"id":"{{RedisId}}","name":"nodes-bench","engine":"redis","shards":[{{shards}}]}""";
    }
}

/// <summary>
/// One ingest measurement: MB/s stored, and CPU seconds per GB of the service nodes, the agents, the store's servers
/// (PostgreSQL and Ceph) and the whole machine (whatever else ran included), and how busy the machine's cores were.
/// </summary>
internal sealed record NodesIngestRun(int Nodes, double MBps, double ServeCpuPerGb, double AgentCpuPerGb, double StoreCpuPerGb,
    double MachineCpuPerGb, double MachineBusyShare);

internal sealed record NodesListRow(string Name, WrkResult Quiet, WrkResult Loaded);

/// <summary>The list routes' latencies, and the MB/s the cluster stored while they were timed under load.</summary>
internal sealed record NodesListResult(IReadOnlyList<NodesListRow> Rows, double LoadedIngestMBps);
