using Dapper;
using DbLogs.Storage.Diagnostics;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteMysqlDiagnosticLogStore(SqliteDatabase db) : IMysqlDiagnosticLogStore
{
    public async Task CommitErrorLogAsync(long sourceId, string consumer, IReadOnlyList<ErrorLogRow> rows, StreamCursor cursor,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await CommitRowsAsync(sourceId, consumer,
            """
            INSERT OR IGNORE INTO mysql_error_log (instance_id, node_id, source_id, stream_offset, time, level, content)
            VALUES (@InstanceId, @NodeId, @SourceId, @StreamOffset, @Time, @Level, @Content)
            """,
            rows.Select(r => new { r.InstanceId, r.NodeId, SourceId = sourceId, r.StreamOffset, Time = UnixMs.From(r.Entry.Time), r.Entry.Level, r.Entry.Content }),
            cursor, ct);
    }

    public async Task CommitSlowLogAsync(long sourceId, string consumer, IReadOnlyList<SlowLogRow> rows, StreamCursor cursor,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await CommitRowsAsync(sourceId, consumer,
            """
            INSERT OR IGNORE INTO mysql_slow_log (instance_id, node_id, source_id, stream_offset, start_time, query_time, lock_time, rows_sent,
                rows_examined, database, users, client_ip, query_sample, type)
            VALUES (@InstanceId, @NodeId, @SourceId, @StreamOffset, @StartTime, @QueryTimeSeconds, @LockTimeSeconds, @RowsSent,
                @RowsExamined, @Database, @Users, @ClientIp, @QuerySample, @Type)
            """,
            rows.Select(r => new
            {
                r.InstanceId,
                r.NodeId,
                SourceId = sourceId,
                r.StreamOffset,
                StartTime = UnixMs.From(r.Entry.StartTime),
                r.Entry.QueryTimeSeconds,
                r.Entry.LockTimeSeconds,
                r.Entry.RowsSent,
                r.Entry.RowsExamined,
                r.Entry.Database,
                r.Entry.Users,
                r.Entry.ClientIp,
                r.Entry.QuerySample,
                r.Entry.Type,
            }),
            cursor, ct);
    }

    /// <summary>Inserts the rows (a replayed stream offset is ignored) and moves the consumer's cursor, in one transaction.</summary>
    private async Task CommitRowsAsync(long sourceId, string consumer, string insert, object rows, StreamCursor cursor, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(insert, rows, tx, cancellationToken: ct));
        await StreamCursorSql.SetAsync(c, tx, sourceId, consumer, cursor, ct);
        await tx.CommitAsync(ct);
    }
}
