using Dapper;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteMariadbErrorStore(SqliteDatabase db) : IMariadbErrorStore
{
    public async Task<PagedResult<ErrorLogEntry>> ListAsync(string instanceId, TimeWindow window, string? level, Page page, CancellationToken ct = default)
    {
        var where = ErrorLogPage.Where(level);
        await using var c = await db.OpenAsync(ct);
        var args = new { instanceId, level, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), page.Offset, page.Limit };
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM mysql_error_log {where}", args, cancellationToken: ct));
        var rows = await c.QueryAsync<ErrorEntryRow>(new CommandDefinition(
            $"SELECT time, level, content FROM mysql_error_log {where} ORDER BY time DESC, seq DESC LIMIT @Limit OFFSET @Offset", args, cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }

    public Task CommitAsync(long sourceId, string consumer, IReadOnlyList<ErrorLogRow> rows, StreamCursor cursor, CursorFence? fence = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return StreamCursorSql.CommitAsync(db,
            """
            INSERT OR IGNORE INTO mysql_error_log (instance_id, node_id, source_id, stream_offset, time, level, content)
            VALUES (@InstanceId, @NodeId, @SourceId, @StreamOffset, @Time, @Level, @Content)
            """,
            rows.Select(r => new { r.InstanceId, r.NodeId, SourceId = sourceId, r.StreamOffset, Time = UnixMs.From(r.Entry.Time), r.Entry.Level, r.Entry.Content }),
            sourceId, consumer, cursor, fence, ct);
    }
}
