using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DbLogs.Bench;

/// <summary>
/// Bytes at rest against raw bytes: a real <c>dblogs serve</c> whose embedded collector tails a Redis run log and a
/// MariaDB audit log of the given size each; the run log's days are collected (CreateRedislog), the audit files
/// closed (RotateAuditLog), sealed segments compressed; then everything kept for the two logs is counted on disk.
/// </summary>
internal static class StorageBenchmark
{
    private const string ProjectId = "0524e839a54847039e9b2b46e8aa788a";
    private const string RedisId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";
    private const string MysqlId = "eb8fe5d181ec44a2850302691541f760in01";
    private const string Password = "bench password";

    public static async Task<StorageReport> RunAsync(string dblogs, int megabytes)
    {
        var dir = Directory.CreateTempSubdirectory("dblogs-bench-storage-").FullName;
        Process? serve = null;
        try
        {
            // Both logs end about now, so the run log's lines fall on the days CreateRedislog collects (today and the 6 before).
            var start = DateTime.UtcNow.AddHours(-20);
            var runLog = Path.Combine(dir, "redis-server.log");
            var auditLog = Path.Combine(dir, "server_audit.log");
            var runBytes = LogGenerator.Write(runLog, megabytes * 1024L * 1024L, start);
            var auditBytes = AuditLogGenerator.Write(auditLog, megabytes * 1024L * 1024L, start);
            var frames = FrameSizeProbe.Run(auditLog, dir);

            var data = Path.Combine(dir, "data");
            var bootstrap = Path.Combine(dir, "bootstrap.json");
            await File.WriteAllTextAsync(bootstrap, Bootstrap(runLog, auditLog));
            var port = ServeProcess.FreePort();
            serve = ServeProcess.Start(dblogs, $"serve --urls http://127.0.0.1:{port} --data {data} --bootstrap {bootstrap}");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(5) };
            await ServeProcess.WaitHealthyAsync(http);
            var cpuBefore = ProcStats.CpuTime(serve.Id).TotalSeconds;
            var clock = Stopwatch.StartNew();
            http.DefaultRequestHeaders.Add("X-Admin-Key", (await File.ReadAllTextAsync(Path.Combine(data, "admin.key"))).Trim());
            await WaitAsync("the embedded collector to store both logs", async () => await StoredBytesAsync(http) >= runBytes + auditBytes);
            var collectSeconds = clock.Elapsed.TotalSeconds;
            http.DefaultRequestHeaders.Add("X-Auth-Token", await TokenAsync(http));

            (await http.PostAsync($"v2/{ProjectId}/instances/{RedisId}/redislog?query_time=7&log_type=run", null)).EnsureSuccessStatusCode();
            await WaitAsync("the day files", async () => !(await ListDayFilesAsync(http)).Any(s => s == "collecting"));
            (await http.PostAsync($"v3/{ProjectId}/instances/{MysqlId}/auditlog-rotate", null)).EnsureSuccessStatusCode();
            await WaitAsync("compaction", () => Task.FromResult(Compacted(Path.Combine(data, "streams"))));
            var cpu = ProcStats.CpuTime(serve.Id).TotalSeconds - cpuBefore;
            ServeProcess.Stop(serve);
            serve = null;

            var streams = StreamBytesByKind(data);
            var runKept = streams.GetValueOrDefault("redis-run") + Size(Path.Combine(data, "files", "runlog"));
            var auditKept = streams.GetValueOrDefault("mariadb-audit") + Size(Path.Combine(data, "files", "auditlog"));
            var database = Directory.EnumerateFiles(data, "dblogs.db*").Sum(f => new FileInfo(f).Length);
            return new StorageReport(megabytes, runBytes, runKept, auditBytes, auditKept, database, collectSeconds, cpu / ((runBytes + auditBytes) / 1e9),
                frames);
        }
        finally
        {
            ServeProcess.Stop(serve);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task WaitAsync(string what, Func<Task<bool>> done)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"Waited 10 minutes for {what}.");
            }

            await Task.Delay(500);
        }
    }

    private static async Task<long> StoredBytesAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("admin/v1/sources"));
        return doc.RootElement.EnumerateArray().Sum(s => s.GetProperty("stored_bytes").GetInt64());
    }

    private static async Task<List<string>> ListDayFilesAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"v2/{ProjectId}/instances/{RedisId}/redislog?log_type=run&limit=100&offset=0"));
        return [.. doc.RootElement.GetProperty("file_list").EnumerateArray().Select(f => f.GetProperty("status").GetString() ?? "")];
    }

    /// <summary>Every sealed segment compressed: a stream keeps one raw segment (the one appended to) and no .tmp.</summary>
    private static bool Compacted(string streams) =>
        Directory.EnumerateDirectories(streams).All(d =>
            Directory.EnumerateFiles(d, "*.seg").Count() <= 1 && !Directory.EnumerateFiles(d, "*.tmp").Any());

    private static Dictionary<string, long> StreamBytesByKind(string data)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "dblogs.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, kind FROM sources";
        using var reader = command.ExecuteReader();
        var bytes = new Dictionary<string, long>();
        while (reader.Read())
        {
            var stream = Path.Combine(data, "streams", reader.GetInt64(0).ToString(CultureInfo.InvariantCulture));
            bytes[reader.GetString(1)] = bytes.GetValueOrDefault(reader.GetString(1)) + Size(stream);
        }

        return bytes;
    }

    private static long Size(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    private static async Task<string> TokenAsync(HttpClient http)
    {
        var body = """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"bench","password":""" + JsonSerializer.Serialize(Password)
            + """}}},"scope":{"project":{"id":""" + JsonSerializer.Serialize(ProjectId) + "}}}}";
        using var response = await http.PostAsync("v3/auth/tokens", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    private static string Bootstrap(string runLog, string auditLog) => $$$"""
        {"projects":[{"id":"{{{ProjectId}}}","name":"bench","users":[{"name":"bench","password":"{{{Password}}}"}],"instances":[
          {"id":"{{{RedisId}}}","name":"cache","engine":"redis","shards":[{"name":"group-0","replicas":[
            {"id":"r1","ip":"127.0.0.1","port":6379,"role":"replica","time_zone":"UTC","logs":{"run":"{{{runLog}}}"}}]}]},
          {"id":"{{{MysqlId}}}","name":"db","engine":"mysql","nodes":[
            {"id":"n1","ip":"127.0.0.1","port":3306,"user":"root","time_zone":"UTC","logs":{"audit":"{{{auditLog}}}"}}]}]}]}
        """;
}
