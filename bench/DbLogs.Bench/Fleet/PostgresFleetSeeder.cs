using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace DbLogs.Bench.Fleet;

/// <summary>
/// Writes <see cref="FleetRows"/> into the service's PostgreSQL database with binary COPY, one table at a time; the
/// store's triggers fire as they would for collected rows, so what they keep (counts, versions) is right.
/// </summary>
internal static class PostgresFleetSeeder
{
    public static async Task SeedAsync(string connectionString, FleetShape shape)
    {
        // No command timeout: a COPY of millions of rows (and its triggers) ends long after Npgsql's default 30 s.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ToString());
        await connection.OpenAsync();
        await CopyAsync(connection, "run_log_files (id, instance_id, replication_id, group_name, replication_ip, day, status, size_bytes, collected_at)",
            FleetRows.RunLogs(shape), async (w, r) =>
            {
                await Texts(w, r.Id, r.InstanceId, r.ReplicationId, r.GroupName, r.Ip, r.Day, "succeed");
                await Longs(w, 123456, r.CollectedAt);
            });
        await CopyAsync(connection, "audit_log_files (id, instance_id, node_id, name, size_bytes, begin_time, end_time, stream_sequence)",
            FleetRows.AuditFiles(shape), async (w, r) =>
            {
                await Texts(w, r.Id, r.InstanceId, r.NodeId, r.Name);
                await Longs(w, r.SizeBytes, r.Begin, r.End, r.Sequence);
            });
        await CopyAsync(connection,
            "mysql_slow_log (instance_id, node_id, source_id, stream_offset, start_time, query_time, lock_time, rows_sent, rows_examined, database, users, client_ip, query_sample, type)",
            FleetRows.SlowRows(shape), async (w, r) =>
            {
                await Texts(w, r.InstanceId, r.NodeId);
                await Longs(w, r.SourceId, r.StreamOffset, r.StartTime);
                await w.WriteAsync(r.QueryTime, NpgsqlDbType.Double);
                await w.WriteAsync(r.LockTime, NpgsqlDbType.Double);
                await Longs(w, r.RowsSent, r.RowsExamined);
                await Texts(w, r.Database, r.Users, r.ClientIp, r.QuerySample, r.Type);
            });
        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection); // what autovacuum does to a table this size soon after
        await analyze.ExecuteNonQueryAsync();
    }

    public static async Task CopyAsync<T>(NpgsqlConnection connection, string table, IEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, Task> write)
    {
        var watch = Stopwatch.StartNew();
        var count = 0L;
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                await write(importer, row);
                count++;
            }

            await importer.CompleteAsync();
        }

        Console.Error.WriteLine($"postgres: {count:N0} rows in {watch.Elapsed.TotalSeconds:0} s: COPY {table.Split(' ')[0]}");
    }

    public static async Task Texts(NpgsqlBinaryImporter writer, params string[] values)
    {
        foreach (var value in values)
        {
            await writer.WriteAsync(value, NpgsqlDbType.Text);
        }
    }

    public static async Task Longs(NpgsqlBinaryImporter writer, params long[] values)
    {
        foreach (var value in values)
        {
            await writer.WriteAsync(value, NpgsqlDbType.Bigint);
        }
    }
}
