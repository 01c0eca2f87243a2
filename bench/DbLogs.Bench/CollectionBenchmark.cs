using System.Diagnostics;
using System.Text.Json;

namespace DbLogs.Bench;

/// <summary>
/// End-to-end collection: a Redis run log and a MariaDB audit log of the given size are each shipped by a real
/// <c>dblogs agent</c> process to a fresh <c>dblogs serve</c> process, <c>runs</c> times; every shipment is compared with a
/// raw copy of the same file measured just before it.
/// </summary>
internal static class CollectionBenchmark
{
    private const string RedisId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";
    private const string MariadbId = "eb8fe5d181ec44a2850302691541f760in01";

    private static readonly (string Log, string Kind, string Instance, string Node, Func<string, long, long> Write)[] Logs =
    [
        ("Redis run log", "redis-run", RedisId, "a1", (path, bytes) => LogGenerator.Write(path, bytes)),
        ("MariaDB audit log", "mariadb-audit", MariadbId, "n1", (path, bytes) => AuditLogGenerator.Write(path, bytes, new DateTime(2026, 12, 5, 0, 0, 0))),
    ];

    public static async Task<Report> RunAsync(string dblogs, int megabytes, int? batchBytes, bool inProcess, int runs)
    {
        var dir = Directory.CreateTempSubdirectory("dblogs-bench-").FullName;
        try
        {
            var files = Logs.Select(l => (l, Path.Combine(dir, l.Kind + ".log"))).ToArray();
            foreach (var (log, path) in files)
            {
                log.Write(path, megabytes * 1024L * 1024L);
            }

            var results = new List<CollectionRun>();
            var agentProgram = "?";
            for (var run = 0; run < runs; run++)
            {
                foreach (var (log, path) in files)
                {
                    var work = Directory.CreateDirectory(Path.Combine(dir, $"run-{run}-{log.Kind}")).FullName;
                    try
                    {
                        var copy = RawCopyMBps(path, Path.Combine(work, "copy.log"));
                        var (result, program) = await ShipAsync(dblogs, work, path, log.Kind, log.Instance, log.Node, batchBytes, inProcess);
                        results.Add(result with { Log = log.Log, CopyMBps = copy });
                        agentProgram = program;
                    }
                    finally
                    {
                        Directory.Delete(work, recursive: true);
                    }
                }
            }

            return new Report(agentProgram, megabytes, results);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Ships an audit log (<see cref="AuditLogGenerator"/>'s) as in the collection benchmark, to a service started with
    /// <paramref name="serveArguments"/>; <paramref name="afterIngest"/> (with the admin client) runs once it is all stored.
    /// </summary>
    public static async Task<CollectionRun> ShipAuditAsync(string dblogs, string dir, string log, string serveArguments, Func<HttpClient, Task>? afterIngest) =>
        (await ShipAsync(dblogs, dir, log, "mariadb-audit", MariadbId, "n1", null, false, serveArguments, afterIngest)).Run;

    private static async Task<(CollectionRun Run, string AgentProgram)> ShipAsync(string dblogs, string dir, string log, string kind, string instance,
        string node, int? batchBytes, bool inProcess, string serveArguments = "", Func<HttpClient, Task>? afterIngest = null)
    {
        Process? serve = null, agent = null;
        try
        {
            var size = new FileInfo(log).Length;
            var port = ServeProcess.FreePort();
            var data = Path.Combine(dir, "data");
            var bootstrap = Path.Combine(dir, "bootstrap.json");
            await File.WriteAllTextAsync(bootstrap, $$"""
                {"projects":[{"id":"0524e839a54847039e9b2b46e8aa788a","name":"bench","instances":[
                 {"id":"{{RedisId}}","name":"cache","engine":"redis","shards":[{"name":"group-0","replicas":[{"id":"a1","ip":"127.0.0.1","port":6379,"role":"master"}]}]},
                 {"id":"{{MariadbId}}","name":"db","engine":"mysql","nodes":[{"id":"n1","ip":"127.0.0.1","port":3306,"user":"root"}]}]}]}
                """);
            serve = ServeProcess.Start(dblogs, $"serve --urls http://127.0.0.1:{port} --data {data} --bootstrap {bootstrap} --EmbeddedCollector=false {serveArguments}");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await ServeProcess.WaitHealthyAsync(http);
            http.DefaultRequestHeaders.Add("X-Admin-Key", (await File.ReadAllTextAsync(Path.Combine(data, "admin.key"))).Trim());
            var issued = await http.PostAsync($"admin/v1/instances/{instance}/agent-keys", null);
            var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString();

            var config = Path.Combine(dir, "agent.json");
            var settings = new Dictionary<string, object>
            {
                ["server"] = $"http://127.0.0.1:{port}",
                ["agent_key"] = key!,
                ["state_dir"] = Path.Combine(dir, "agent-state"),
                ["sources"] = new[] { new Dictionary<string, string> { ["kind"] = kind, ["path"] = log, ["node"] = node } },
            };
            if (batchBytes is { } bytes)
            {
                settings["batch_bytes"] = bytes;
            }

            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(settings));

            var serveCpuBefore = ProcStats.CpuTime(serve.Id);
            var clock = Stopwatch.StartNew();
            agent = ServeProcess.Start(dblogs, $"agent --config {config}" + (inProcess ? " --in-process" : ""));
            var peak = 0.0;
            while (await StoredBytesAsync(http) < size)
            {
                peak = Math.Max(peak, ProcStats.RssMegabytes(agent.Id));
                if (clock.Elapsed > TimeSpan.FromMinutes(5) || agent.HasExited)
                {
                    throw new InvalidOperationException($"The agent did not finish: {await StoredBytesAsync(http)} of {size} bytes stored.");
                }

                await Task.Delay(20);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var cpu = ProcStats.CpuTime(agent.Id);
            var serveCpu = ProcStats.CpuTime(serve.Id) - serveCpuBefore;
            if (afterIngest is not null)
            {
                await afterIngest(http);
            }

            await Task.Delay(TimeSpan.FromSeconds(5)); // idle: caught up, polling for new lines
            var idle = ProcStats.RssMegabytes(agent.Id);
            var gb = size / 1e9;
            var run = new CollectionRun(kind, 0, size / 1024.0 / 1024.0 / seconds, cpu.TotalSeconds / gb, serveCpu.TotalSeconds / gb, idle,
                Math.Max(peak, idle));
            return (run, ProcStats.Program(agent.Id));
        }
        finally
        {
            ServeProcess.Stop(agent);
            ServeProcess.Stop(serve);
        }
    }

    private static double RawCopyMBps(string from, string to)
    {
        var clock = Stopwatch.StartNew();
        using (var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        using (var target = new FileStream(to, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            source.CopyTo(target, 1 << 20);
            target.Flush(flushToDisk: true);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var size = new FileInfo(to).Length;
        File.Delete(to);
        return size / 1024.0 / 1024.0 / seconds;
    }

    private static async Task<long> StoredBytesAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("admin/v1/sources"));
        return doc.RootElement.GetArrayLength() == 0 ? 0 : doc.RootElement[0].GetProperty("stored_bytes").GetInt64();
    }
}
