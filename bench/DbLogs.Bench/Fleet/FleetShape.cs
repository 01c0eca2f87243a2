using System.Globalization;

namespace DbLogs.Bench.Fleet;

/// <summary>
/// The fleet the fleet benchmark seeds, the same for every store: 100 Redis and 100 MySQL instances whose sizes follow a
/// Zipf law (the largest holds about a fifth of every kind, as a fleet's busiest clusters do), holding at scale 1
/// 1,000,000 run-log entries (one per replica and day, 730 days kept), 1,000,000 audit files (two nodes per instance,
/// rotated evenly over 90 days) and 10,000,000 slow-log rows (two nodes, 30 days). The routes are timed on the largest
/// instance of each kind: the worst case.
/// </summary>
internal sealed class FleetShape(double scale)
{
    public const int InstancesPerEngine = 100;
    public const int RunLogDays = 730;
    public static readonly DateTimeOffset End = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan AuditSpan = TimeSpan.FromDays(90);
    public static readonly TimeSpan SlowSpan = TimeSpan.FromDays(30);
    private static readonly double Harmonic = Enumerable.Range(1, InstancesPerEngine).Sum(k => 1.0 / k);

    public double Scale { get; } = scale;
    public long RunLogEntries => (long)(1_000_000 * Scale);
    public long AuditFiles => (long)(1_000_000 * Scale);
    public long SlowRows => (long)(10_000_000 * Scale);

    public static string RedisId(int k) => $"f1ee7000-0000-4000-8000-{k:x12}";

    public static string MysqlId(int k) => $"f1ee7{k:x27}in01";

    /// <summary>Instance <paramref name="k"/>'s share of <paramref name="total"/> (k = 0 is the largest).</summary>
    public static long Share(long total, int k) => (long)Math.Round(total / (k + 1.0) / Harmonic);

    public static int Replicas(long entries) => (int)Math.Max(1, (entries + RunLogDays - 1) / RunLogDays);

    /// <summary>The bootstrap's instances: every Redis replica (two per shard) and both nodes of every MySQL instance.</summary>
    public string InstancesJson()
    {
        var redis = Enumerable.Range(0, InstancesPerEngine).Select(k =>
        {
            var replicas = Replicas(Share(RunLogEntries, k));
            var shards = string.Join(",", Enumerable.Range(0, (replicas + 1) / 2).Select(s =>
                $$"""{"name":"group-{{s}}","replicas":[{"id":"{{ReplicaId(2 * s)}}","ip":"10.{{k}}.{{s % 256}}.1","port":6379,"role":"master"},{"id":"{{ReplicaId((2 * s) + 1)}}","ip":"10.{{k}}.{{s % 256}}.2","port":6379,"role":"replica"}]}"""));
            return $$"""{"id":"{{RedisId(k)}}","name":"cache-{{k}}","engine":"redis","shards":[{{shards}}]}""";
        });
        var mysql = Enumerable.Range(0, InstancesPerEngine).Select(k =>
            $$"""{"id":"{{MysqlId(k)}}","name":"db-{{k}}","engine":"mysql","nodes":[{"id":"n1","ip":"10.200.{{k}}.1","port":3306,"user":"root"},{"id":"n2","ip":"10.200.{{k}}.2","port":3306,"user":"root"}]}""");
        return string.Join(",", redis.Concat(mysql));
    }

    public static string ReplicaId(int replica) => $"r{replica}";

    public static string GroupName(int replica) => $"group-{replica / 2}";

    public static string Day(int daysBack) => DateOnly.FromDateTime(End.UtcDateTime).AddDays(-daysBack).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
