using DbLogs.Core.Logs;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.Streams;

/// <summary>
/// Wakes the <see cref="SegmentCompactor"/> after appends (and on the followers' timer) without holding up the other
/// followers: compressing a segment takes a while, so it runs in the compactor's own loop. Keeps no cursor.
/// </summary>
internal sealed class SegmentCompactionTrigger(GrownStreams grown) : IStreamFollower
{
    public string Name => "segment-compaction";

    public bool Follows(LogKind kind) => true;

    public bool KeepsCursor => false;

    public Task<StreamCursor?> ReadCursorAsync(long sourceId, CancellationToken ct) => Task.FromResult<StreamCursor?>(null);

    public Task CatchUpAsync(SourceRecord source, CursorFence? fence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        grown.Notify(source.Id);
        return Task.CompletedTask;
    }
}
