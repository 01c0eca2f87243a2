using System.Globalization;

namespace DbLogs.Bench;

/// <summary>The collection benchmark's shipments, as a table of medians per log (with the spread of the ratio over the runs).</summary>
internal sealed record Report(string AgentProgram, double Megabytes, IReadOnlyList<CollectionRun> Runs) : IBenchmarkReport
{
    public const double TargetRatio = 0.75;
    public const double TargetIdleRssMb = 40;

    /// <summary>End-to-end throughput over a raw copy: the lower of the logs' medians over the runs.</summary>
    public double IngestVsCopy => Logs.Min(l => Median(l, r => r.Ratio));

    public IReadOnlyDictionary<string, double> Figures => new Dictionary<string, double>
    {
        [FinalLine.IngestVsCopy] = IngestVsCopy,
        ["service_cpu_s_per_gb"] = Logs.Max(l => Median(l, r => r.ServiceCpuSecondsPerGb)),
    };

    public bool MeetsTargets => IngestVsCopy >= TargetRatio && Runs.All(r => r.AgentRssIdleMb <= TargetIdleRssMb);

    private IEnumerable<IGrouping<string, CollectionRun>> Logs => Runs.GroupBy(r => r.Log);

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var runs = Runs.Count / Logs.Count();
        output.WriteLine(string.Create(c,
            $"Collection benchmark: {Megabytes:0} MB per log, agent ({AgentProgram}) → service over HTTP (uncompressed: the agent compresses only for a server off this machine), {runs} runs; medians, raw copy of the same file just before each"));
        output.WriteLine();
        output.WriteLine("| log | end to end | raw copy | ratio (min–max) | service CPU per GB | agent CPU per GB | agent RSS idle / peak |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var log in Logs)
        {
            output.WriteLine(string.Create(c,
                $"| {log.Key} | {Median(log, r => r.EndToEndMBps):0.0} MB/s | {Median(log, r => r.CopyMBps):0.0} MB/s | " +
                $"{Median(log, r => r.Ratio):0.00} ({log.Min(r => r.Ratio):0.00}–{log.Max(r => r.Ratio):0.00}) | " +
                $"{Median(log, r => r.ServiceCpuSecondsPerGb):0.00} s | {Median(log, r => r.AgentCpuSecondsPerGb):0.00} s | " +
                $"{Median(log, r => r.AgentRssIdleMb):0.0} / {log.Max(r => r.AgentRssPeakMb):0.0} MB |"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(c, $"ingest_vs_copy={IngestVsCopy:0.00} (target ≥ {TargetRatio}; agent RSS idle target ≤ {TargetIdleRssMb} MB)"));
        output.WriteLine(MeetsTargets ? "targets met" : "TARGETS MISSED");
    }

    private static double Median(IEnumerable<CollectionRun> runs, Func<CollectionRun, double> measure)
    {
        var values = runs.Select(measure).Order().ToArray();
        return values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }
}
