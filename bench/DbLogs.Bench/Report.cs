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
    double AgentRssPeakMb)
{
    public const double TargetMBps = 100;
    public const double TargetIdleRssMb = 40;

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
