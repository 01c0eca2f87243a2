namespace DbLogs.Storage.Sources;

/// <summary>
/// An append was not committed because the stream no longer ended where it began: another writer (a second service
/// node, given the same or another batch of the source) committed first. Nothing of this append was committed.
/// </summary>
public sealed class AppendConflictException(long sourceId, long expectedLength)
    : Exception($"Source {sourceId} no longer ends at {expectedLength}: another writer committed an append first.")
{
    public long SourceId { get; } = sourceId;

    public long ExpectedLength { get; } = expectedLength;
}
