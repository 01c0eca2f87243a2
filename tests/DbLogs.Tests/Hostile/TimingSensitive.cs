namespace DbLogs.Tests.Hostile;

/// <summary>Tests that measure latency run alone, after the parallel ones, so other tests' load does not decide them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
