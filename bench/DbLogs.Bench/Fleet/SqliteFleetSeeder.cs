using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace DbLogs.Bench.Fleet;

/// <summary>
/// Writes <see cref="FleetRows"/> into a stopped service's SQLite file: prepared inserts in transactions of a million rows,
/// without a journal (a failed seed is thrown away, never cached), then back to WAL as the service keeps it. The store's
/// triggers fire as they would for collected rows, so what they keep (counts) is right.
/// </summary>
internal static class SqliteFleetSeeder
{
    private const int RowsPerTransaction = 1_000_000;

    public static void Seed(string database, FleetShape shape)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;");
        Insert(connection, FleetRows.RunLogs(shape),
            """
            INSERT INTO run_log_files (id, instance_id, replication_id, group_name, replication_ip, day, status, size_bytes, collected_at)
            VALUES ($0, $1, $2, $3, $4, $5, 'succeed', 123456, $6)
            """,
            r => [r.Id, r.InstanceId, r.ReplicationId, r.GroupName, r.Ip, r.Day, r.CollectedAt]);
        Insert(connection, FleetRows.AuditFiles(shape),
            """
            INSERT INTO audit_log_files (id, instance_id, node_id, name, size_bytes, begin_time, end_time, stream_sequence)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7)
            """,
            r => [r.Id, r.InstanceId, r.NodeId, r.Name, r.SizeBytes, r.Begin, r.End, r.Sequence]);
        Insert(connection, FleetRows.SlowRows(shape),
            """
            INSERT INTO mysql_slow_log (instance_id, node_id, source_id, stream_offset, start_time, query_time, lock_time, rows_sent,
                rows_examined, database, users, client_ip, query_sample, type)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """,
            r => [r.InstanceId, r.NodeId, r.SourceId, r.StreamOffset, r.StartTime, r.QueryTime, r.LockTime, r.RowsSent, r.RowsExamined,
                r.Database, r.Users, r.ClientIp, r.QuerySample, r.Type]);
        Execute(connection, "PRAGMA journal_mode = WAL;"); // no ANALYZE: the service runs none, so the plans timed are its own
    }

    private static void Insert<T>(SqliteConnection connection, IEnumerable<T> rows, string sql, Func<T, object[]> values)
    {
        var watch = Stopwatch.StartNew();
        var count = 0L;
        SqliteTransaction? transaction = null;
        using var insert = connection.CreateCommand();
        insert.CommandText = sql;
        SqliteParameter[]? parameters = null;
        foreach (var row in rows)
        {
            var v = values(row);
            parameters ??= [.. v.Select((_, i) => insert.Parameters.Add(new SqliteParameter { ParameterName = $"${i}" }))];
            if (count % RowsPerTransaction == 0)
            {
                transaction?.Commit();
                transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
            }

            for (var i = 0; i < v.Length; i++)
            {
                parameters[i].Value = v[i];
            }

            insert.ExecuteNonQuery();
            count++;
        }

        transaction?.Commit();
        Console.Error.WriteLine($"fleet: sqlite: {count:N0} rows in {watch.Elapsed.TotalSeconds:0} s: {sql.Split('(')[0].Trim()}");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
