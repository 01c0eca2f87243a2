using Npgsql;

namespace DbLogs.Bench.Fleet;

/// <summary>
/// PostgreSQL as the store (<c>--ConnectionStrings:Postgres</c>) in a <see cref="BenchPostgres"/> cluster of the bench's
/// own; the seeded cluster's data directory is what the cache keeps.
/// </summary>
internal sealed class PostgresFleetStore : IFleetStore
{
    private const string Database = "dblogs";
    private BenchPostgres? _cluster;

    public string Name => "PostgreSQL";

    public string SeedNote { get; private set; } = string.Empty;

    public async Task<BenchService> StartAsync(string dblogs, FleetShape shape)
    {
        _cluster = await BenchPostgres.StartAsync();
        await _cluster.CreateDatabaseAsync(Database);
        var cluster = _cluster;
        var connectionString = cluster.ConnectionString(Database);
        return await BenchService.StartAsync(dblogs, shape.InstancesJson(), _ =>
        {
            var cached = FleetCache.PathFor("postgres", shape, SchemaAsync(connectionString).GetAwaiter().GetResult(), "data");
            SeedNote = FleetCache.SeedOrRestore(cached,
                () => PostgresFleetSeeder.SeedAsync(connectionString, shape).GetAwaiter().GetResult(),
                to => WithServerStoppedAsync(cluster, () => BenchPostgres.CopyTreeAsync(cluster.DataDirectory, to)).GetAwaiter().GetResult(),
                from => WithServerStoppedAsync(cluster, async () =>
                {
                    Directory.Delete(cluster.DataDirectory, recursive: true);
                    await BenchPostgres.CopyTreeAsync(from, cluster.DataDirectory);
                }).GetAwaiter().GetResult());
        }, $"--ConnectionStrings:Postgres \"{connectionString}\"");
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private static async Task WithServerStoppedAsync(BenchPostgres cluster, Func<Task> action)
    {
        NpgsqlConnection.ClearAllPools();
        await cluster.StopServerAsync();
        await action();
        await cluster.StartServerAsync();
    }

    /// <summary>The migrated database's tables, indexes and triggers: what a cached cluster must have been seeded under.</summary>
    private static async Task<string> SchemaAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT string_agg(indexdef, ';' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public')
                || (SELECT COALESCE(string_agg(pg_get_triggerdef(oid), ';' ORDER BY tgname), '') FROM pg_trigger WHERE NOT tgisinternal)
                || (SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, ';' ORDER BY table_name, column_name)
                    FROM information_schema.columns WHERE table_schema = 'public')
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
