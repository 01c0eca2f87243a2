using DbLogs.Bench.Fleet;
using Npgsql;
using NpgsqlTypes;

namespace DbLogs.Bench.Search;

/// <summary>
/// Writes <see cref="SearchRows"/> into the service's PostgreSQL database with binary COPY. The records' indexes (other than
/// the primary key) are dropped first and built again, as the service's migration wrote them, once the rows are in: built
/// in one pass they cost minutes, kept up row by row (the GIN ones above all) most of an hour at 10 million records.
/// </summary>
internal static class PostgresSearchSeeder
{
    public static async Task SeedAsync(string connectionString, SearchShape shape)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ToString());
        await connection.OpenAsync();
        var sources = new long[SearchShape.Nodes.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            await using var source = new NpgsqlCommand(
                """
                INSERT INTO sources (instance_id, node_id, kind) VALUES (@instance, @node, 'mariadb-audit')
                ON CONFLICT (instance_id, node_id, kind) DO UPDATE SET kind = excluded.kind RETURNING id
                """, connection);
            source.Parameters.AddWithValue("instance", SearchShape.InstanceId);
            source.Parameters.AddWithValue("node", SearchShape.Nodes[i]);
            sources[i] = (long)(await source.ExecuteScalarAsync())!;
        }

        var indexes = await DropIndexesAsync(connection);
        await PostgresFleetSeeder.CopyAsync(connection,
            """audit_records (source_id, stream_offset, time, zone_offset, server_host, "user", host, connection_id, query_id, operation, statement_class, database, object, query, return_code)""",
            SearchRows.All(shape), async (w, r) =>
            {
                await PostgresFleetSeeder.Longs(w, sources[r.Node], r.StreamOffset, r.Time, 0);
                await PostgresFleetSeeder.Texts(w, "db1", r.User, r.Host);
                await PostgresFleetSeeder.Longs(w, r.ConnectionId, r.QueryId);
                await PostgresFleetSeeder.Texts(w, r.Operation);
                await TextOrNull(w, r.StatementClass);
                await PostgresFleetSeeder.Texts(w, r.Database);
                await TextOrNull(w, r.Object);
                await TextOrNull(w, r.Query);
                await (r.ReturnCode is { } code ? w.WriteAsync((long)code, NpgsqlDbType.Bigint) : w.WriteNullAsync());
            });
        await ExecuteAsync(connection, "SET maintenance_work_mem = '1GB'");
        foreach (var definition in indexes)
        {
            await ExecuteAsync(connection, definition);
        }

        await ExecuteAsync(connection, "VACUUM ANALYZE");
    }

    /// <summary>Drops the records' indexes other than the primary key, and returns their definitions to build them again.</summary>
    private static async Task<List<string>> DropIndexesAsync(NpgsqlConnection connection)
    {
        var indexes = new List<(string Name, string Definition)>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename = 'audit_records' AND indexname NOT IN (SELECT conname FROM pg_constraint)
            ORDER BY indexname
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX {name}");
        }

        return [.. indexes.Select(i => i.Definition)];
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Task TextOrNull(NpgsqlBinaryImporter writer, string? value) =>
        value is null ? writer.WriteNullAsync() : writer.WriteAsync(value, NpgsqlDbType.Text);
}
