using System.Diagnostics;
using System.Text.Json;

namespace DbLogs.Bench;

/// <summary>
/// End-to-end collection: a Redis run log of the given size is shipped by a real <c>dblogs agent</c> process to a
/// real <c>dblogs serve</c> process; compared with a raw copy of the same file measured in the same run.
/// </summary>
internal static class CollectionBenchmark
{
    private const string InstanceId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";

    public static async Task<Report> RunAsync(string dblogs, int megabytes, int? batchBytes, bool inProcess)
    {
        var dir = Directory.CreateTempSubdirectory("dblogs-bench-").FullName;
        Process? serve = null, agent = null;
        try
        {
            var log = Path.Combine(dir, "redis-server.log");
            var size = LogGenerator.Write(log, megabytes * 1024L * 1024L);
            var baseline = RawCopyMBps(log, Path.Combine(dir, "copy.log"), size);

            var port = ServeProcess.FreePort();
            var data = Path.Combine(dir, "data");
            var bootstrap = Path.Combine(dir, "bootstrap.json");
            await File.WriteAllTextAsync(bootstrap, $$"""
                {"projects":[{"id":"0524e839a54847039e9b2b46e8aa788a","name":"bench","instances":[{"id":"{{InstanceId}}","name":"cache","engine":"redis",
                 "shards":[{"name":"group-0","replicas":[{"id":"a1","ip":"127.0.0.1","port":6379,"role":"master"}]}]}]}]}
                """);
            serve = ServeProcess.Start(dblogs, $"serve --urls http://127.0.0.1:{port} --data {data} --bootstrap {bootstrap} --EmbeddedCollector=false");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await ServeProcess.WaitHealthyAsync(http);
            http.DefaultRequestHeaders.Add("X-Admin-Key", (await File.ReadAllTextAsync(Path.Combine(data, "admin.key"))).Trim());
            var issued = await http.PostAsync($"admin/v1/instances/{InstanceId}/agent-keys", null);
            var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString();

            var config = Path.Combine(dir, "agent.json");
            var settings = new Dictionary<string, object>
            {
                ["server"] = $"http://127.0.0.1:{port}",
                ["agent_key"] = key!,
                ["state_dir"] = Path.Combine(dir, "agent-state"),
                ["sources"] = new[] { new Dictionary<string, string> { ["kind"] = "redis-run", ["path"] = log, ["node"] = "a1" } },
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

                await Task.Delay(50);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var cpu = ProcStats.CpuTime(agent.Id);
            var serveCpu = ProcStats.CpuTime(serve.Id) - serveCpuBefore;
            await Task.Delay(TimeSpan.FromSeconds(5)); // idle: caught up, polling for new lines
            var idle = ProcStats.RssMegabytes(agent.Id);
            var agentProgram = ProcStats.Program(agent.Id);
            var mb = size / 1024.0 / 1024.0;
            return new Report(agentProgram, mb, baseline, mb / seconds, cpu.TotalSeconds / (size / 1e9), serveCpu.TotalSeconds / (size / 1e9), idle,
                Math.Max(peak, idle));
        }
        finally
        {
            ServeProcess.Stop(agent);
            ServeProcess.Stop(serve);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double RawCopyMBps(string from, string to, long size)
    {
        var clock = Stopwatch.StartNew();
        using (var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        using (var target = new FileStream(to, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            source.CopyTo(target, 1 << 20);
            target.Flush(flushToDisk: true);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        File.Delete(to);
        return size / 1024.0 / 1024.0 / seconds;
    }

    private static async Task<long> StoredBytesAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("admin/v1/sources"));
        return doc.RootElement.GetArrayLength() == 0 ? 0 : doc.RootElement[0].GetProperty("stored_bytes").GetInt64();
    }
}
