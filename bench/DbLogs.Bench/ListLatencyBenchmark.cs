using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DbLogs.Bench;

/// <summary>
/// List latency with a large catalogue: 100,000 Redis run-log entries and 100,000 audit files are seeded into the store
/// of a real <c>dblogs serve</c>; ListRedislog (offsets 0 and 99,000) and ListAuditlogs (one-day and 30-day windows)
/// are timed against <c>GET /health</c> of the same process in the same run.
/// </summary>
internal static class ListLatencyBenchmark
{
    public const int Entries = 100_000;
    private const string ProjectId = "0524e839a54847039e9b2b46e8aa788a";
    private const string RedisId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";
    private const string MysqlId = "eb8fe5d181ec44a2850302691541f760in01";
    private const string Password = "bench password";
    private static readonly string[] PasswordMethod = ["password"];
    private static readonly DateTimeOffset LastAuditEnd = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<LatencyReport> RunAsync(string dblogs, int requests)
    {
        var dir = Directory.CreateTempSubdirectory("dblogs-bench-list-").FullName;
        Process? serve = null;
        try
        {
            var data = Path.Combine(dir, "data");
            var bootstrap = Path.Combine(dir, "bootstrap.json");
            await File.WriteAllTextAsync(bootstrap, Bootstrap());
            var port = ServeProcess.FreePort();
            var arguments = $"serve --urls http://127.0.0.1:{port} --data {data} --bootstrap {bootstrap} --EmbeddedCollector=false";
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

            // First start creates and migrates the store; the catalogue is seeded while the service is stopped.
            serve = ServeProcess.Start(dblogs, arguments);
            await ServeProcess.WaitHealthyAsync(http);
            ServeProcess.Stop(serve);
            Seed(Path.Combine(data, "dblogs.db"));
            serve = ServeProcess.Start(dblogs, arguments);
            await ServeProcess.WaitHealthyAsync(http);
            http.DefaultRequestHeaders.Add("X-Auth-Token", await TokenAsync(http));

            var rows = new List<LatencyRow>();
            var trivial = await MeasureAsync(http, "health", requests, expectItems: null);
            rows.Add(new LatencyRow("GET /health (trivial, baseline)", trivial));
            var redislog = $"v2/{ProjectId}/instances/{RedisId}/redislog?log_type=run&limit=10";
            rows.Add(new LatencyRow("ListRedislog offset 0", await MeasureAsync(http, redislog + "&offset=0", requests, "file_list")));
            rows.Add(new LatencyRow("ListRedislog offset 99,000", await MeasureAsync(http, redislog + "&offset=99000", requests, "file_list")));
            rows.Add(new LatencyRow("ListAuditlogs 1-day window", await MeasureAsync(http, AuditList(TimeSpan.FromDays(1)), requests, "auditlogs")));
            rows.Add(new LatencyRow("ListAuditlogs 30-day window", await MeasureAsync(http, AuditList(TimeSpan.FromDays(30)), requests, "auditlogs")));
            return new LatencyReport(requests, trivial, rows);
        }
        finally
        {
            ServeProcess.Stop(serve);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string AuditList(TimeSpan span)
    {
        var end = LastAuditEnd - TimeSpan.FromDays(3);
        var start = end - span;
        return $"v3/{ProjectId}/instances/{MysqlId}/auditlog?start_time={Format(start)}&end_time={Format(end)}&offset=0&limit=50";
    }

    private static string Format(DateTimeOffset time) =>
        Uri.EscapeDataString(time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0800");

    private static async Task<LatencyStats> MeasureAsync(HttpClient http, string path, int requests, string? expectItems)
    {
        for (var i = 0; i < requests / 10; i++)
        {
            await GetAsync(http, path, expectItems);
        }

        var samples = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var clock = Stopwatch.StartNew();
            await GetAsync(http, path, expectItems);
            samples[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        return new LatencyStats(Percentile(samples, 0.50), Percentile(samples, 0.99));
    }

    private static async Task GetAsync(HttpClient http, string path, string? expectItems)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        if (expectItems is not null)
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.GetProperty(expectItems).GetArrayLength() == 0)
            {
                throw new InvalidOperationException($"GET {path} listed nothing: the benchmark would time an empty page.");
            }
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<string> TokenAsync(HttpClient http)
    {
        var body = JsonSerializer.Serialize(new
        {
            auth = new
            {
                identity = new { methods = PasswordMethod, password = new { user = new { name = "bench", password = Password } } },
                scope = new { project = new { id = ProjectId } },
            },
        });
        using var response = await http.PostAsync("v3/auth/tokens", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    private static string Bootstrap()
    {
        var shards = string.Join(",", Enumerable.Range(0, 4).Select(s =>
            $$"""{"name":"group-{{s}}","replicas":[{"id":"r{{s}}a","ip":"10.0.{{s}}.1","port":6379,"role":"master"},{"id":"r{{s}}b","ip":"10.0.{{s}}.2","port":6379,"role":"replica"}]}"""));
        return $$"""
            {"projects":[{"id":"{{ProjectId}}","name":"bench","users":[{"name":"bench","password":"{{Password}}"}],"instances":[
              {"id":"{{RedisId}}","name":"cache","engine":"redis","shards":[{{shards}}]},
              {"id":"{{MysqlId}}","name":"db","engine":"mysql","nodes":[{"id":"n1","ip":"127.0.0.1","port":3306,"user":"root"}]}]}]}
            """;
    }

    /// <summary>100,000 run-log entries (8 replicas × 12,500 days) and 100,000 half-hour audit files ending at <see cref="LastAuditEnd"/>.</summary>
    private static void Seed(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var collectedAt = LastAuditEnd.ToUnixTimeMilliseconds();
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO run_log_files (id, instance_id, replication_id, group_name, replication_ip, day, status, size_bytes, collected_at)
                VALUES ($id, $instance, $replica, $group, $ip, $day, 'succeed', 123456, $collected)
                """;
            var parameters = AddParameters(insert, "$id", "$instance", "$replica", "$group", "$ip", "$day", "$collected");
            var firstDay = new DateOnly(1992, 1, 1);
            for (var i = 0; i < Entries; i++)
            {
                var shard = i % 8 / 2;
                Bind(parameters, Guid.NewGuid().ToString(), RedisId, $"r{shard}{(i % 2 == 0 ? 'a' : 'b')}", $"group-{shard}",
                    $"10.0.{shard}.{1 + i % 2}", firstDay.AddDays(i / 8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), collectedAt);
                insert.ExecuteNonQuery();
            }
        }

        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO audit_log_files (id, instance_id, node_id, name, size_bytes, begin_time, end_time, stream_sequence)
                VALUES ($id, $instance, 'n1', $name, 20972339, $begin, $end, $sequence)
                """;
            var parameters = AddParameters(insert, "$id", "$instance", "$name", "$begin", "$end", "$sequence");
            var halfHour = TimeSpan.FromMinutes(30);
            for (var i = 0; i < Entries; i++)
            {
                var end = LastAuditEnd - (i * halfHour);
                var begin = end - halfHour;
                var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "0000br01";
                var sequence = Entries - i; // i = 0 is the newest file
                var name = $"{sequence}_{begin.UtcDateTime:yyyyMMddHHmmss}_{MysqlId}_Audit_{Guid.NewGuid()}";
                Bind(parameters, id, MysqlId, name, begin.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), sequence);
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private static SqliteParameter[] AddParameters(SqliteCommand command, params string[] names) =>
        [.. names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n }))];

    private static void Bind(SqliteParameter[] parameters, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i];
        }
    }
}

internal sealed record LatencyStats(double P50Ms, double P99Ms);

internal sealed record LatencyRow(string Name, LatencyStats Stats);

internal sealed record LatencyReport(int Requests, LatencyStats Trivial, IReadOnlyList<LatencyRow> Rows)
{
    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"List latency benchmark: {ListLatencyBenchmark.Entries:N0} run-log entries and {ListLatencyBenchmark.Entries:N0} audit files in the store, {Requests} sequential requests each, same process"));
        output.WriteLine();
        output.WriteLine("| request | p50 | p99 | p50 ratio to /health | p99 ratio to /health |");
        output.WriteLine("|---|---|---|---|---|");
        foreach (var row in Rows)
        {
            output.WriteLine(string.Create(c,
                $"| {row.Name} | {row.Stats.P50Ms:0.00} ms | {row.Stats.P99Ms:0.00} ms | {row.Stats.P50Ms / Trivial.P50Ms:0.0} | {row.Stats.P99Ms / Trivial.P99Ms:0.0} |"));
        }
    }
}
