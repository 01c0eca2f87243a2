using System.Data.Common;
using Dapper;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Sql;

/// <summary>Writes a stream consumer's cursor, alone or inside the transaction that commits what it consumed.</summary>
internal static class StreamCursorSql
{
    public static Task<int> SetAsync(DbConnection connection, DbTransaction? transaction, long sourceId, string consumer, StreamCursor cursor,
        CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO stream_cursors (source_id, consumer, position, state) VALUES (@sourceId, @consumer, @Position, @State)
            ON CONFLICT (source_id, consumer) DO UPDATE SET position = excluded.position, state = excluded.state
            """,
            new { sourceId, consumer, cursor.Position, cursor.State }, transaction, cancellationToken: ct));

    public static async Task<StreamCursor?> GetAsync(IConnectionSource db, long sourceId, string consumer, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<StreamCursor>(new CommandDefinition(
            "SELECT position AS Position, state AS State FROM stream_cursors WHERE source_id = @sourceId AND consumer = @consumer",
            new { sourceId, consumer }, cancellationToken: ct));
    }

    /// <summary>Runs <paramref name="write"/> (with its parameters: one object or a sequence of rows) and moves the cursor, in one transaction.</summary>
    public static async Task CommitAsync(IConnectionSource db, string write, object parameters, long sourceId, string consumer, StreamCursor cursor,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(write, parameters, tx, cancellationToken: ct));
        await SetAsync(c, tx, sourceId, consumer, cursor, ct);
        await tx.CommitAsync(ct);
    }
}
