using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

public sealed class PostgresMariadbErrorStore(PostgresDatabase db) : IMariadbErrorStore
{
    /// <summary>The page's <c>seq</c>s first, from an index-only scan (the offset's entries never read from the table), then its rows.</summary>
    public Task<PagedResult<ErrorLogEntry>> ListAsync(string instanceId, TimeWindow window, string? level, Page page, CancellationToken ct = default)
    {
        var where = ErrorLogPage.Where(level);
        return db.PageAsync<ErrorEntryRow, ErrorLogEntry>(
            $"""
            SELECT COUNT(*) FROM mysql_error_log {where};
            SELECT time, level, content FROM mysql_error_log WHERE seq IN (
                SELECT seq FROM mysql_error_log {where} ORDER BY time DESC, seq DESC LIMIT @Limit OFFSET @Offset)
            ORDER BY time DESC, seq DESC
            """, new { instanceId, level, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), page.Offset, page.Limit }, r => r.ToModel(), ct);
    }

    /// <summary>The batch in one statement (its columns as arrays), with the cursor in the same transaction.</summary>
    public Task CommitAsync(long sourceId, string consumer, IReadOnlyList<ErrorLogRow> rows, StreamCursor cursor, CursorFence? fence = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return StreamCursorSql.CommitAsync(db,
            """
            INSERT INTO mysql_error_log (instance_id, node_id, source_id, stream_offset, time, level, content)
            SELECT r.instance_id, r.node_id, @SourceId, r.stream_offset, r.time, r.level, r.content
            FROM UNNEST(@Instances, @Nodes, @Offsets, @Times, @Levels, @Contents) AS r(instance_id, node_id, stream_offset, time, level, content)
            ON CONFLICT DO NOTHING
            """,
            ErrorBatch.From(sourceId, rows),
            sourceId, consumer, cursor, fence, ct);
    }
}
