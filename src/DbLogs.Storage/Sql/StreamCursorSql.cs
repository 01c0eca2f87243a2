using Dapper;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Sql;

/// <summary>
/// Writes a stream consumer's cursor, alone or in the transaction that commits what it consumed; with a <see cref="CursorFence"/>,
/// only while its node holds the consumer's lease.
/// </summary>
internal static class StreamCursorSql
{
    public static async Task<StreamCursor?> GetAsync(IConnectionSource db, long sourceId, string consumer, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<StreamCursor>(new CommandDefinition(
            "SELECT position AS Position, state AS State FROM stream_cursors WHERE source_id = @sourceId AND consumer = @consumer",
            new { sourceId, consumer }, cancellationToken: ct));
    }

    /// <summary>Moves the cursor alone.</summary>
    /// <param name="fence">Null: unfenced (no leases in use).</param>
    /// <exception cref="LeaseLostException">The fence's lease is not held: nothing was written.</exception>
    public static Task SetAsync(IConnectionSource db, long sourceId, string consumer, StreamCursor cursor, CursorFence? fence, CancellationToken ct) =>
        CommitAsync(db, null, null, sourceId, consumer, cursor, fence, ct);

    /// <summary>Runs <paramref name="write"/> (with its parameters: one object or a sequence of rows) and moves the cursor, in one transaction.</summary>
    /// <param name="fence">Null: unfenced (no leases in use).</param>
    /// <exception cref="LeaseLostException">The fence's lease is not held: nothing was written.</exception>
    public static async Task CommitAsync(IConnectionSource db, string? write, object? parameters, long sourceId, string consumer, StreamCursor cursor,
        CursorFence? fence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (write is not null)
        {
            await c.ExecuteAsync(new CommandDefinition(write, parameters, tx, cancellationToken: ct));
        }

        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO stream_cursors (source_id, consumer, position, state) VALUES (@sourceId, @consumer, @Position, @State)
            ON CONFLICT (source_id, consumer) DO UPDATE SET position = excluded.position, state = excluded.state
            """,
            new { sourceId, consumer, cursor.Position, cursor.State }, tx, cancellationToken: ct));
        // Last, so the lease's row is locked only for the commit itself; the rollback undoes the writes above.
        if (fence is not null)
        {
            await CursorFenceSql.CheckAsync(c, tx, db.LeaseCheck, fence, ct);
        }

        await tx.CommitAsync(ct);
    }
}
