using Microsoft.Data.Sqlite;

namespace DbLogs.Bench.Fleet;

/// <summary>The embedded store: the service's own SQLite file, seeded while it is stopped (or copied from the cache).</summary>
internal sealed class SqliteFleetStore : IFleetStore
{
    public string Name => "SQLite";

    public string SeedNote { get; private set; } = string.Empty;

    public Task<BenchService> StartAsync(string dblogs, FleetShape shape) =>
        BenchService.StartAsync(dblogs, shape.InstancesJson(), database =>
        {
            var cached = FleetCache.PathFor("sqlite", shape, Schema(database), "db");
            SeedNote = FleetCache.SeedOrRestore(cached,
                () => SqliteFleetSeeder.Seed(database, shape),
                to => File.Copy(database, to, overwrite: true),
                from =>
                {
                    File.Delete(database + "-wal");
                    File.Delete(database + "-shm");
                    File.Copy(from, database, overwrite: true);
                });
        });

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The migrated file's schema, tables, indexes and triggers: what a cached file must have been seeded under.</summary>
    public static string Schema(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name)";
        return (string)command.ExecuteScalar()!;
    }
}
