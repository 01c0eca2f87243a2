namespace DbLogs.Processing.RedisRun;

/// <summary>Settings of Redis run-log collection, bound from the root of the service's configuration.</summary>
public sealed class RunLogOptions
{
    /// <summary>How many days a collected day file is kept after its last collection (DCS keeps them 7 days).</summary>
    public int RunLogKeepDays { get; set; } = 7;

    /// <summary>How often expired day files are deleted.</summary>
    public TimeSpan RunLogSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often a node looks for collection jobs it did not queue itself: those queued on another node whose lease it
    /// holds, and those a stopped node left (one lease time after it stopped).
    /// </summary>
    public TimeSpan RunLogJobInterval { get; set; } = TimeSpan.FromSeconds(5);
}
