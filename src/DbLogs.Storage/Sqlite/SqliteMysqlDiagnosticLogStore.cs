using System.Data.Common;
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
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT OR IGNORE INTO mysql_error_log (instance_id, node_id, source_id, stream_offset, time, level, content)
            VALUES (@InstanceId, @NodeId, @SourceId, @StreamOffset, @Time, @Level, @Content)
            """,
            rows.Select(r => new { r.InstanceId, r.NodeId, SourceId = sourceId, r.StreamOffset, Time = UnixMs.From(r.Time), r.Level, r.Content }),
            tx, cancellationToken: ct));
        await SetCursorAsync(c, tx, sourceId, consumer, cursor, ct);
        await tx.CommitAsync(ct);
    }

    public async Task CommitSlowLogAsync(long sourceId, string consumer, IReadOnlyList<SlowLogRow> rows, StreamCursor cursor,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
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
                StartTime = UnixMs.From(r.StartTime),
                r.QueryTimeSeconds,
                r.LockTimeSeconds,
                r.RowsSent,
                r.RowsExamined,
                r.Database,
                r.Users,
                r.ClientIp,
                r.QuerySample,
                r.Type,
            }),
            tx, cancellationToken: ct));
        await SetCursorAsync(c, tx, sourceId, consumer, cursor, ct);
        await tx.CommitAsync(ct);
    }

    private static Task<int> SetCursorAsync(DbConnection c, DbTransaction tx, long sourceId, string consumer, StreamCursor cursor, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO stream_cursors (source_id, consumer, position, state) VALUES (@sourceId, @consumer, @Position, @State)
            ON CONFLICT (source_id, consumer) DO UPDATE SET position = excluded.position, state = excluded.state
            """,
            new { sourceId, consumer, cursor.Position, cursor.State }, tx, cancellationToken: ct));
}
