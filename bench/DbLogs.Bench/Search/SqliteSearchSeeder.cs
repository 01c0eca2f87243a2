using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace DbLogs.Bench.Search;

/// <summary>
/// Writes <see cref="SearchRows"/> into a stopped service's audit records' file as the indexer would (the FTS trigger fires for
/// each row; the sources go in the store), in transactions of a million rows without a journal (a failed seed is thrown away, never cached), then back to WAL.
/// </summary>
internal static class SqliteSearchSeeder
{
    private const int RowsPerTransaction = 1_000_000;

    public static void Seed(string database, string records, SearchShape shape)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        Execute(connection, $"ATTACH DATABASE '{records.Replace("'", "''", StringComparison.Ordinal)}' AS records;");
        Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;");
        var sources = SearchShape.Nodes.Select(node => SourceId(connection, node)).ToArray();
        using var insert = connection.CreateCommand();
        insert.CommandText =
            """
            INSERT INTO records.audit_records (source_id, stream_offset, time, zone_offset, server_host, user, host, connection_id, query_id,
                operation, statement_class, database, object, query, return_code)
            VALUES ($0, $1, $2, 0, 'db1', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """;
        var p = Enumerable.Range(0, 13).Select(i => insert.Parameters.Add(new SqliteParameter { ParameterName = $"${i}" })).ToArray();
        var watch = Stopwatch.StartNew();
        var count = 0L;
        SqliteTransaction? transaction = null;
        foreach (var r in SearchRows.All(shape))
        {
            if (count++ % RowsPerTransaction == 0)
            {
                transaction?.Commit();
                transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                Console.Error.WriteLine($"search: sqlite: {count - 1:N0} records in {watch.Elapsed.TotalSeconds:0} s");
            }

            object?[] values = [sources[r.Node], r.StreamOffset, r.Time, r.User, r.Host, r.ConnectionId, r.QueryId, r.Operation, r.StatementClass,
                r.Database, r.Object, r.Query, r.ReturnCode];
            for (var i = 0; i < values.Length; i++)
            {
                p[i].Value = values[i] ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
        }

        transaction?.Commit();
        Console.Error.WriteLine($"search: sqlite: {count:N0} records in {watch.Elapsed.TotalSeconds:0} s");
        Execute(connection, "PRAGMA journal_mode = WAL;"); // no ANALYZE: the service runs none, so the plans timed are its own
    }

    private static long SourceId(SqliteConnection connection, string node)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT OR IGNORE INTO sources (instance_id, node_id, kind) VALUES ($instance, $node, 'mariadb-audit');
            SELECT id FROM sources WHERE instance_id = $instance AND node_id = $node AND kind = 'mariadb-audit';
            """;
        command.Parameters.AddWithValue("$instance", SearchShape.InstanceId);
        command.Parameters.AddWithValue("$node", node);
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
