namespace DbLogs.Bench;

/// <summary>One log shipped once, with the raw copy of the same file measured just before it.</summary>
internal sealed record CollectionRun(
    string Log,
    double CopyMBps,
    double EndToEndMBps,
    double AgentCpuSecondsPerGb,
    double ServiceCpuSecondsPerGb,
    double AgentRssIdleMb,
    double AgentRssPeakMb)
{
    public double Ratio => EndToEndMBps / CopyMBps;
}
