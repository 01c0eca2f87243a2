using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DbLogs.Bench;

/// <summary>
/// List latency with a large catalogue: 100,000 Redis run-log entries and 100,000 audit files are seeded into the store
/// of a real <c>dblogs serve</c>; ListRedislog (offsets 0 and 99,000) and ListAuditlogs (one-day and 30-day windows)
/// are timed with wrk against <c>GET /health</c> of the same process: first one client on a quiet service, then
/// <see cref="LoadClients"/> clients while an agent ships a Redis run log to the same service at full speed.
/// </summary>
internal static class ListLatencyBenchmark
{
    public const int Entries = 100_000;
    public const int LoadClients = 64;
    internal const string RedisId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";
    internal const string MysqlId = "eb8fe5d181ec44a2850302691541f760in01";
    private static readonly string[] ListNames = ["file_list", "auditlogs", "slow_log_list", "slowlogs", "error_log_list"];
    private static readonly string[] TotalNames = ["total_num", "total_record"];
    private static readonly DateTimeOffset LastAuditEnd = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<LatencyReport> RunAsync(string dblogs, TimeSpan duration)
    {
        await using var service = await BenchService.StartAsync(dblogs, Instances(), Seed);
        var redislog = $"v2/{BenchService.ProjectId}/instances/{RedisId}/redislog?log_type=run&limit=10";
        (string Name, string Path)[] routes =
        [
            ("GET /health (baseline)", "health"),
            ("ListRedislog offset 0", redislog + "&offset=0"),
            ("ListRedislog offset 99,000", redislog + "&offset=99000"),
            ("ListAuditlogs 1-day window", AuditList(TimeSpan.FromDays(1))),
            ("ListAuditlogs 30-day window", AuditList(TimeSpan.FromDays(30))),
        ];
        foreach (var (_, path) in routes)
        {
            await CheckListsAsync(service.Api, path);
        }

        var headers = new Dictionary<string, string> { ["X-Auth-Token"] = service.Token };
        Task<WrkResult> MeasureAsync(string path, int clients, TimeSpan time) =>
            Wrk.RunAsync(new WrkLoad(service.BaseUrl + path, clients, time, TimeSpan.FromSeconds(10)) { Headers = headers });

        var quiet = new List<WrkResult>();
        foreach (var (_, path) in routes)
        {
            await MeasureAsync(path, 1, TimeSpan.FromSeconds(1)); // JIT and caches warm
            quiet.Add(await MeasureAsync(path, 1, duration));
        }

        var loaded = new List<WrkResult>();
        await using var ingest = await IngestLoad.StartAsync(service, dblogs, RedisId, "r0a");
        foreach (var (_, path) in routes)
        {
            loaded.Add(await MeasureAsync(path, LoadClients, duration));
        }

        var ingestMBps = await ingest.MBpsAsync();
        return new LatencyReport([.. routes.Select((r, i) => new LatencyRow(r.Name, quiet[i], loaded[i]))], ingestMBps, duration);
    }

    private static string AuditList(TimeSpan span)
    {
        var end = LastAuditEnd - TimeSpan.FromDays(3);
        var start = end - span;
        return $"v3/{BenchService.ProjectId}/instances/{MysqlId}/auditlog?start_time={Format(start)}&end_time={Format(end)}&offset=0&limit=50";
    }

    private static string Format(DateTimeOffset time) =>
        Uri.EscapeDataString(time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0800");

    /// <summary>
    /// The route answers 200 and, for a list, a non-empty page: the benchmark must not time errors or empty pages. Gives
    /// the list's total (-1 for a route without one).
    /// </summary>
    internal static async Task<long> CheckListsAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var items = ListNames
            .Select(name => root.TryGetProperty(name, out var list) ? list : (JsonElement?)null).FirstOrDefault(l => l is not null);
        if (items is { } list && list.GetArrayLength() == 0)
        {
            throw new InvalidOperationException($"GET {path} listed nothing: the benchmark would time an empty page.");
        }

        return TotalNames
            .Select(name => root.TryGetProperty(name, out var total) ? total.GetInt64() : -1).FirstOrDefault(t => t >= 0, -1);
    }

    /// <summary>A Redis instance of 4 shards of 2 replicas (r0a … r3b) and a MySQL instance of one node (n1).</summary>
    internal static string Instances()
    {
        var shards = string.Join(",", Enumerable.Range(0, 4).Select(s =>
            $$"""{"name":"group-{{s}}","replicas":[{"id":"r{{s}}a","ip":"10.0.{{s}}.1","port":6379,"role":"master"},{"id":"r{{s}}b","ip":"10.0.{{s}}.2","port":6379,"role":"replica"}]}"""));
        return $$"""
            {"id":"{{RedisId}}","name":"cache","engine":"redis","shards":[{{shards}}]},
            {"id":"{{MysqlId}}","name":"db","engine":"mysql","nodes":[{"id":"n1","ip":"127.0.0.1","port":3306,"user":"root"}]}
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

internal sealed record LatencyRow(string Name, WrkResult OneClient, WrkResult Loaded);

internal sealed record LatencyReport(IReadOnlyList<LatencyRow> Rows, double IngestMBps, TimeSpan Duration) : IBenchmarkReport
{
    public const double TargetRatio = 1.5;
    public const double TargetOneClientMs = 5;

    private LatencyRow Health => Rows[0];

    private IEnumerable<LatencyRow> Lists => Rows.Skip(1);

    public IReadOnlyDictionary<string, double> Figures => new Dictionary<string, double>
    {
        [FinalLine.ListP99VsHealth] = Lists.Max(r => r.Loaded.P99Ms / Health.Loaded.P99Ms),
        [FinalLine.ListP99Ms1Client] = Lists.Max(r => r.OneClient.P99Ms),
    };

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c,
            $"List latency benchmark: {ListLatencyBenchmark.Entries:N0} run-log entries and {ListLatencyBenchmark.Entries:N0} audit files in the store, wrk {Duration.TotalSeconds:0} s per row: 1 client on a quiet service, then {ListLatencyBenchmark.LoadClients} clients while an agent ships a run log to it ({IngestMBps:0} MB/s stored meanwhile), same process"));
        output.WriteLine();
        output.WriteLine("| request | 1 client p50 | 1 client p99 | loaded p50 | loaded p99 | loaded req/s | loaded p99 ratio to /health | target |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in Rows)
        {
            var target = row == Health ? string.Empty : string.Create(c, $"≤ {TargetOneClientMs:0} ms, ≤ {TargetRatio:0.0}");
            output.WriteLine(string.Create(c,
                $"| {row.Name} | {row.OneClient.P50Ms:0.00} ms | {row.OneClient.P99Ms:0.00} ms | {row.Loaded.P50Ms:0.0} ms | {row.Loaded.P99Ms:0.0} ms | {row.Loaded.RequestsPerSecond:0} | {row.Loaded.P99Ms / Health.Loaded.P99Ms:0.00} | {target} |"));
        }
    }
}
