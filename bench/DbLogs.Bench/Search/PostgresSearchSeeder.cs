using DbLogs.Bench.Fleet;
using Npgsql;
using NpgsqlTypes;

namespace DbLogs.Bench.Search;

/// <summary>Writes <see cref="SearchRows"/> into the service's PostgreSQL database with binary COPY, its indexes kept as they are.</summary>
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
        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static Task TextOrNull(NpgsqlBinaryImporter writer, string? value) =>
        value is null ? writer.WriteNullAsync() : writer.WriteAsync(value, NpgsqlDbType.Text);
}
