using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.MariadbError;

/// <summary>The mariadb-error kind: the messages its follower parses from the stream, and what ListErrorLogs reads.</summary>
public interface IMariadbErrorStore
{
    /// <summary><paramref name="level"/> null means all levels. Newest first.</summary>
    Task<PagedResult<ErrorLogEntry>> ListAsync(string instanceId, TimeWindow window, string? level, Page page, CancellationToken ct = default);

    /// <summary>
    /// Inserts the rows and moves the consumer's cursor in one transaction, so a crash neither loses nor repeats rows.
    /// A row already stored for its (source, offset) is skipped.
    /// </summary>
    /// <param name="fence">Null: unfenced (no leases in use). Else the commit goes in only while the fence's node holds its lease.</param>
    /// <exception cref="LeaseLostException">The fence's lease is not held: nothing was written.</exception>
    Task CommitAsync(long sourceId, string consumer, IReadOnlyList<ErrorLogRow> rows, StreamCursor cursor, CursorFence? fence = null,
        CancellationToken ct = default);
}

public sealed record ErrorLogEntry(DateTimeOffset Time, string Level, string Content);

/// <param name="StreamOffset">Where the message starts in its source's stream: its identity.</param>
public sealed record ErrorLogRow(string InstanceId, string NodeId, long StreamOffset, ErrorLogEntry Entry);
