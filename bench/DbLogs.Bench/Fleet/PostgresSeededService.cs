using Npgsql;

namespace DbLogs.Bench.Fleet;

/// <summary>
/// A <c>dblogs serve</c> on PostgreSQL (<c>--ConnectionStrings:Postgres</c>) in a <see cref="BenchPostgres"/> cluster of the
/// bench's own, its database seeded once per cache stem and schema; the seeded cluster's data directory is what the cache keeps.
/// </summary>
internal sealed class PostgresSeededService : IAsyncDisposable
{
    private const string Database = "dblogs";
    private BenchPostgres? _cluster;

    public string SeedNote { get; private set; } = string.Empty;

    public string ConnectionString => (_cluster ?? throw new InvalidOperationException("Not started.")).ConnectionString(Database);

    public async Task<BenchService> StartAsync(string dblogs, string instancesJson, string cacheStem, Func<string, Task> seedAsync)
    {
        _cluster = await BenchPostgres.StartAsync();
        await _cluster.CreateDatabaseAsync(Database);
        var cluster = _cluster;
        var connectionString = ConnectionString;
        return await BenchService.StartAsync(dblogs, instancesJson, _ =>
        {
            var cached = FleetCache.PathFor(cacheStem, SchemaAsync(connectionString).GetAwaiter().GetResult(), "data");
            SeedNote = FleetCache.SeedOrRestore(cached,
                () => seedAsync(connectionString).GetAwaiter().GetResult(),
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
