using System.Diagnostics;
using System.Globalization;

namespace DbLogs.Bench.Search;

/// <summary>
/// What indexing costs ingest: the collection benchmark's audit log shipped by a real agent to a service with the record
/// indexer on and to one with <c>--AuditRecords:Enabled=false</c>, alternately, <c>runs</c> times each; with it on, also
/// how long after the last byte was stored the indexer had caught up (its cursor lag in /metrics back to 0).
/// </summary>
internal static class IndexingCost
{
    public const double TargetSlowdown = 1.20;
    private const string Consumer = "consumer=\"audit-records\"";

    public static async Task<IndexingCostResult> RunAsync(string dblogs, int megabytes, int runs)
    {
        var dir = Directory.CreateTempSubdirectory("dblogs-bench-index-").FullName;
        try
        {
            var log = Path.Combine(dir, "audit.log");
            AuditLogGenerator.Write(log, megabytes * 1024L * 1024L, new DateTime(2026, 12, 5, 0, 0, 0));
            var on = new List<double>();
            var off = new List<double>();
            var catchUp = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                foreach (var indexing in new[] { true, false })
                {
                    var work = Directory.CreateDirectory(Path.Combine(dir, $"run-{run}-{indexing}")).FullName;
                    try
                    {
                        var result = await CollectionBenchmark.ShipAuditAsync(dblogs, work, log,
                            indexing ? string.Empty : "--AuditRecords:Enabled=false",
                            indexing ? async http => catchUp.Add(await CaughtUpSecondsAsync(http)) : null);
                        (indexing ? on : off).Add(result.EndToEndMBps);
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"search: ingest with indexing {(indexing ? "on" : "off")}: {result.EndToEndMBps:0.0} MB/s"));
                    }
                    finally
                    {
                        Directory.Delete(work, recursive: true);
                    }
                }
            }

            return new IndexingCostResult(megabytes, Median(on), Median(off), Median(catchUp));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<double> CaughtUpSecondsAsync(HttpClient admin)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(10))
        {
            var lag = (await admin.GetStringAsync("metrics")).Split('\n')
                .FirstOrDefault(l => l.StartsWith("dblogs_cursor_lag_bytes{", StringComparison.Ordinal) && l.Contains(Consumer, StringComparison.Ordinal));
            if (lag is not null && lag.EndsWith(" 0", StringComparison.Ordinal))
            {
                return watch.Elapsed.TotalSeconds;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("The audit record indexer did not catch up within 10 minutes.");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>Ingest speed (median MB/s) with the record indexer on and off, and the indexer's median catch-up after ingest.</summary>
internal sealed record IndexingCostResult(int Megabytes, double OnMBps, double OffMBps, double CatchUpSeconds)
{
    public double Slowdown => OffMBps / OnMBps;
}
