using DbLogs.Core.Logs;
using DbLogs.Core.Time;
using DbLogs.Storage.Nodes;

namespace DbLogs.Storage.Sources;

/// <summary>Metadata of collected streams: sources, their files, the time index, gaps and their consumers' cursors.</summary>
public interface ISourceStore
{
    Task<SourceRecord> GetOrCreateSourceAsync(string instanceId, string nodeId, LogKind kind, CancellationToken ct = default);

    /// <summary>All sources, or one instance's.</summary>
    Task<SourceRecord?> GetSourceAsync(long sourceId, CancellationToken ct = default);

    /// <summary>How far a consumer of the stream (a cutter, a parser) has read, and its own state; null before it started.</summary>
    Task<StreamCursor?> GetCursorAsync(long sourceId, string consumer, CancellationToken ct = default);

    /// <summary>Moves a consumer's cursor.</summary>
    /// <param name="fence">Null: unfenced (no leases in use). Else the commit goes in only while the fence's node holds its lease.</param>
    /// <exception cref="LeaseLostException">The fence's lease is not held: nothing was written.</exception>
    Task SetCursorAsync(long sourceId, string consumer, StreamCursor cursor, CursorFence? fence = null, CancellationToken ct = default);

    Task<IReadOnlyList<SourceRecord>> ListSourcesAsync(string? instanceId, CancellationToken ct = default);

    Task<SourceFileRecord?> GetFileAsync(long sourceId, string fileId, CancellationToken ct = default);

    Task<IReadOnlyList<SourceFileRecord>> ListFilesAsync(long sourceId, CancellationToken ct = default);

    Task CommitAppendAsync(AppendCommit commit, CancellationToken ct = default);

    /// <summary>The blob pieces holding bytes of [<paramref name="start"/>, <paramref name="end"/>), in stream order.</summary>
    Task<IReadOnlyList<StreamPiece>> ListPiecesAsync(long sourceId, long start, long end, CancellationToken ct = default);

    /// <summary>Replaces the pieces within <paramref name="merged"/>'s bytes by it (a compaction), in one transaction.</summary>
    Task ReplacePiecesAsync(long sourceId, StreamPiece merged, CancellationToken ct = default);

    /// <summary>Index entries whose times overlap the window, in stream order.</summary>
    Task<IReadOnlyList<SourceChunk>> FindChunksAsync(long sourceId, TimeWindow window, CancellationToken ct = default);

    Task AddGapAsync(long sourceId, SourceGap gap, CancellationToken ct = default);

    Task<IReadOnlyList<SourceGap>> ListGapsAsync(long sourceId, CancellationToken ct = default);

    /// <summary>What the collector last reported as failing for this source (null clears it).</summary>
    Task SetLastErrorAsync(long sourceId, string? error, DateTimeOffset at, CancellationToken ct = default);
}
