using System.Globalization;

namespace DbLogs.Bench.Pages;

/// <summary>
/// What the pages benchmark seeds: <see cref="Entries"/> Redis slow-log entries (8 nodes, durations from 10 µs to 10 s,
/// log-uniform, so short ones tie) and as many MySQL error-log entries (mixed levels, some multi-line) inside the day
/// that ends at <see cref="End"/>, and <see cref="Outside"/> more of each the day before, outside every window timed.
/// </summary>
internal static class PagesShape
{
    public const int Entries = 100_000;
    public const int Outside = 20_000;
    public const string RedisId = ListLatencyBenchmark.RedisId;
    public const string MysqlId = ListLatencyBenchmark.MysqlId;
    public static readonly DateTimeOffset End = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Start = End - TimeSpan.FromDays(1);

    // Shares of the levels, in thousandths: the error log's pages by level read 55%, 30%, 12% and 3% of it.
    private static readonly (string Level, int PerMille)[] Levels = [("NOTE", 550), ("WARNING", 300), ("ERROR", 120), ("FATAL", 30)];

    public static string InstancesJson() => ListLatencyBenchmark.Instances();

    /// <summary>The entries a level has inside the window, as seeded.</summary>
    public static int EntriesOf(string level) => ErrorRows().Count(r => r.Time >= Start.ToUnixTimeMilliseconds() && r.Level == level);

    /// <summary>redis_slowlog rows: instance, node, run, entry id, shard, role, start time, duration, command.</summary>
    public static IEnumerable<object[]> SlowlogRows()
    {
        var random = new Random(42);
        for (var i = 0; i < Entries + Outside; i++)
        {
            var node = i % 8;
            var shard = node / 2;
            var duration = (long)Math.Round(Math.Pow(10, 1 + (random.NextDouble() * 6)));
            yield return
            [
                RedisId, $"r{shard}{(node % 2 == 0 ? 'a' : 'b')}", $"run-{node}", (long)(i / 8), $"group-{shard}",
                node % 2 == 0 ? "master" : "slave", TimeOf(i), duration, $"HGETALL user:{random.Next(1_000_000)}",
                $"10.1.{node}.{random.Next(1, 250)}:{random.Next(1024, 65535)}", "default",
            ];
        }
    }

    /// <summary>mysql_error_log rows: instance, node, time, level, content.</summary>
    public static IEnumerable<(string InstanceId, string NodeId, long Time, string Level, string Content)> ErrorRows()
    {
        var random = new Random(7);
        for (var i = 0; i < Entries + Outside; i++)
        {
            var pick = random.Next(1000);
            var level = Levels.First(l => (pick -= l.PerMille) < 0).Level;
            var content = string.Create(CultureInfo.InvariantCulture,
                $"[{level}] InnoDB: page [page id: space={random.Next(500)}, page number={random.Next(1_000_000)}] log sequence number {random.NextInt64()} is in the future");
            yield return (MysqlId, "n1", TimeOf(i), level, i % 20 == 0 ? content + "\nStack trace:\n  mysqld(my_print_stacktrace)\n  mysqld(handle_fatal_signal)" : content);
        }
    }

    // Entries 0 .. Entries-1 spread over the window, the rest over the day before it.
    private static long TimeOf(int i)
    {
        const long Day = 86_400_000;
        var start = Start.ToUnixTimeMilliseconds();
        return i < Entries ? start + 1000 + (i * (Day - 2000) / Entries) : start - Day + ((i - Entries) * 4000L);
    }
}
