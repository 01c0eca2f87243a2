using DbLogs.Core.Logs;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.Streams;

/// <summary>
/// Turns a source's stream into what the APIs list (audit files, parsed error and slow-log rows). It keeps its own
/// cursor (<see cref="ReadCursorAsync"/>) and is called after appends, at start-up and on a timer, so it
/// resumes after a crash from what it last committed.
/// </summary>
public interface IStreamFollower
{
    /// <summary>The cursor name; stable across releases.</summary>
    string Name { get; }

    bool Follows(LogKind kind);

    /// <summary>Whether it keeps a cursor under <see cref="Name"/> (the metrics show how far behind the stream it is).</summary>
    bool KeepsCursor => true;

    /// <summary>
    /// Whether its work may take long and nothing waits for it (a search index): then it runs in a lane of its own, so
    /// it never holds back the followers that cut files, and only <see cref="StreamFollowers.CatchUpAllAsync"/> waits for it.
    /// </summary>
    bool RunsApart => false;

    /// <summary>Its cursor over the source's stream, where it keeps it; null before its first commit or when it keeps none.</summary>
    Task<StreamCursor?> ReadCursorAsync(long sourceId, CancellationToken ct);

    /// <summary>Consumes the stream up to <see cref="SourceRecord.Length"/>; also acts on time (e.g. cuts a file that is too old).</summary>
    /// <param name="fence">What its commits are fenced by (the source's followers lease), or null when no leases are in use.</param>
    /// <exception cref="LeaseLostException">A commit found the lease lost: the work is another node's now.</exception>
    Task CatchUpAsync(SourceRecord source, CursorFence? fence, CancellationToken ct);
}
