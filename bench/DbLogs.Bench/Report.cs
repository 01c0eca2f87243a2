using System.Globalization;

namespace DbLogs.Bench;

internal sealed record Report(
    string AgentProgram,
    double Megabytes,
    double BaselineMBps,
    double EndToEndMBps,
    double AgentCpuSecondsPerGb,
    double ServiceCpuSecondsPerGb,
    double AgentRssIdleMb,
    double AgentRssPeakMb) : IBenchmarkReport
{
    public const double TargetMBps = 100;
    public const double TargetIdleRssMb = 40;

    public IReadOnlyDictionary<string, double> Figures => new Dictionary<string, double>
    {
        [FinalLine.IngestVsCopy] = EndToEndMBps / BaselineMBps,
        ["service_cpu_s_per_gb"] = ServiceCpuSecondsPerGb,
    };

    public bool MeetsTargets => EndToEndMBps >= TargetMBps && AgentRssIdleMb <= TargetIdleRssMb;

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Collection benchmark: {Megabytes:0} MB of Redis run-log lines, agent ({AgentProgram}) → service over HTTP (Brotli), same run"));
        output.WriteLine();
        output.WriteLine("| measure | value | baseline (raw copy, same data) | ratio | target |");
        output.WriteLine("|---|---|---|---|---|");
        output.WriteLine(string.Create(c, $"| end-to-end throughput | {EndToEndMBps:0.0} MB/s | {BaselineMBps:0.0} MB/s | {EndToEndMBps / BaselineMBps:0.00} | ≥ {TargetMBps} MB/s |"));
        output.WriteLine(string.Create(c, $"| agent CPU per GB | {AgentCpuSecondsPerGb:0.00} s | | | |"));
        output.WriteLine(string.Create(c, $"| service CPU per GB | {ServiceCpuSecondsPerGb:0.00} s | | | |"));
        output.WriteLine(string.Create(c, $"| agent RSS idle | {AgentRssIdleMb:0.0} MB | | | ≤ {TargetIdleRssMb} MB |"));
        output.WriteLine(string.Create(c, $"| agent RSS peak under load | {AgentRssPeakMb:0.0} MB | | | |"));
        output.WriteLine();
        output.WriteLine(MeetsTargets ? "targets met" : "TARGETS MISSED");
    }
}

/// <summary>What every benchmark gives back: its table, and the named figures it feeds to the final line.</summary>
internal interface IBenchmarkReport
{
    IReadOnlyDictionary<string, double> Figures { get; }

    void Print(TextWriter output);
}

/// <summary>
/// The last line of scripts/bench.sh, one figure per target of issue 13, <c>n/a</c> for a benchmark that did not run;
/// figures no target names follow them.
/// </summary>
internal static class FinalLine
{
    public const string IngestVsCopy = "ingest_vs_copy";
    public const string StorageVsRaw = "storage_vs_raw";
    public const string DownloadVsNginx = "download_vs_nginx";
    public const string ListP99VsHealth = "list_p99_vs_health";
    public const string ListP99Ms1Client = "list_p99_ms_1client";

    private static readonly (string Name, string Format)[] Targets =
    [
        (IngestVsCopy, "0.00"), (StorageVsRaw, "0.00"), (DownloadVsNginx, "0.00"), (ListP99VsHealth, "0.00"), (ListP99Ms1Client, "0.0"),
    ];

    public static string Format(IEnumerable<IBenchmarkReport> reports)
    {
        var figures = reports.SelectMany(r => r.Figures).ToDictionary(f => f.Key, f => f.Value);
        var c = CultureInfo.InvariantCulture;
        var line = Targets.Select(t => $"{t.Name}={(figures.Remove(t.Name, out var v) ? v.ToString(t.Format, c) : "n/a")}")
            .Concat(figures.Select(f => $"{f.Key}={f.Value.ToString("0.00", c)}"));
        return "bench: " + string.Join(' ', line);
    }
}
