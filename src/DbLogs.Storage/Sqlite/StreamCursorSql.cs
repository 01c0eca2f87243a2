using System.Data.Common;
using Dapper;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Sqlite;

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
}
