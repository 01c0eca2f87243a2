using Dapper;
using DbLogs.Storage.Logs;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteAuditFileStore(SqliteDatabase db) : IAuditFileStore
{
    public async Task CommitClosedFileAsync(AuditLogFile file, long sourceId, string consumer, StreamCursor next, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(next);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_log_files (id, instance_id, node_id, name, size_bytes, begin_time, end_time, stream_sequence)
            VALUES (@Id, @InstanceId, @NodeId, @Name, @SizeBytes, @Begin, @End, @StreamSequence)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, size_bytes = excluded.size_bytes,
                begin_time = excluded.begin_time, end_time = excluded.end_time, stream_sequence = excluded.stream_sequence
            """,
            RowParameters(file), tx, cancellationToken: ct));
        await StreamCursorSql.SetAsync(c, tx, sourceId, consumer, next, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The parameters of an <c>audit_log_files</c> row, for every statement that writes one.</summary>
    internal static object RowParameters(AuditLogFile file) => new
    {
        file.Id,
        file.InstanceId,
        file.NodeId,
        file.Name,
        file.SizeBytes,
        Begin = UnixMs.From(file.BeginTime),
        End = UnixMs.From(file.EndTime),
        file.StreamSequence,
    };
}
