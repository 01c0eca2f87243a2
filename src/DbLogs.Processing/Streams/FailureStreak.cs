namespace DbLogs.Processing.Streams;

/// <summary>
/// Tells a background loop which failure to log: the first of a streak (a store outage fails every retry alike) and the
/// success that ends it, so an outage of minutes writes two lines, not one per retry.
/// </summary>
public sealed class FailureStreak
{
    private int _failing;

    /// <summary>True for the first failure after a success.</summary>
    public bool Failed() => Interlocked.Exchange(ref _failing, 1) == 0;

    /// <summary>True when this success ends a streak of failures.</summary>
    public bool Succeeded() => Interlocked.Exchange(ref _failing, 0) == 1;
}
