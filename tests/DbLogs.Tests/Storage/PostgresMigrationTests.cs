using DbLogs.Server.Hosting;
using DbLogs.Storage.Postgres;
using DbLogs.Tests.RealServers;
using Npgsql;

namespace DbLogs.Tests.Storage;

public sealed class PostgresMigrationTests : IAsyncLifetime
{
    private PostgresCluster? _cluster;
    private string _connectionString = string.Empty;

    private PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.Shared;
        _connectionString = await Cluster.CreateDatabaseAsync();
    }

    public Task DisposeAsync() => Cluster.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Two_processes_migrating_one_new_database_at_once_both_start_and_the_schema_is_made_once()
    {
        await using var first = new PostgresDatabase(_connectionString);
        await using var second = new PostgresDatabase(_connectionString);

        await Task.WhenAll(first.MigrateAsync(), second.MigrateAsync());

        Assert.Equal(PostgresDatabase.KnownVersion, await ScalarAsync<long>("SELECT version FROM schema_version"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'sources'"));
    }

    [Fact]
    public async Task A_migration_waits_for_the_migration_lock_another_process_holds()
    {
        await using var holder = new NpgsqlConnection(_connectionString);
        await holder.OpenAsync();
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresDatabase.MigrationLockKey})", holder))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        await using var database = new PostgresDatabase(_connectionString);
        var migrating = database.MigrateAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(migrating.IsCompleted);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'sources'"));

        await using (var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresDatabase.MigrationLockKey})", holder))
        {
            await unlock.ExecuteNonQueryAsync();
        }

        await migrating.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(PostgresDatabase.KnownVersion, await ScalarAsync<long>("SELECT version FROM schema_version"));
    }

    [Fact]
    public async Task A_schema_newer_than_the_binary_knows_is_refused_with_a_clear_message_and_left_alone()
    {
        await using (var database = new PostgresDatabase(_connectionString))
        {
            await database.MigrateAsync();
        }

        await ScalarAsync<long>("UPDATE schema_version SET version = version + 1 RETURNING version");

        await using var older = new PostgresDatabase(_connectionString);
        var refused = await Assert.ThrowsAsync<StoreSchemaException>(() => older.MigrateAsync());
        Assert.Contains($"version {PostgresDatabase.KnownVersion + 1}, newer than this dblogs knows ({PostgresDatabase.KnownVersion})", refused.Message,
            StringComparison.Ordinal);
        Assert.Equal(PostgresDatabase.KnownVersion + 1L, await ScalarAsync<long>("SELECT version FROM schema_version"));
    }

    [Fact]
    public async Task A_migrated_database_migrates_again_as_a_no_op()
    {
        await using var database = new PostgresDatabase(_connectionString);
        await database.MigrateAsync();
        await database.MigrateAsync();

        Assert.Equal(PostgresDatabase.KnownVersion, await ScalarAsync<long>("SELECT version FROM schema_version"));
    }

    [Fact]
    public void The_password_may_come_from_the_environment_and_errors_never_show_the_connection_string()
    {
        var resolved = PostgresConnectionString.Resolve("Host=127.0.0.1;Username=dblogs;Password=env:PG_SECRET",
            name => name == "PG_SECRET" ? "s3cret-value" : null);
        Assert.Equal("s3cret-value", new NpgsqlConnectionStringBuilder(resolved).Password);

        var unset = Assert.Throws<InvalidOperationException>(() =>
            PostgresConnectionString.Resolve("Host=127.0.0.1;Password=env:PG_MISSING", _ => null));
        Assert.Contains("PG_MISSING", unset.Message, StringComparison.Ordinal);
        var invalid = Assert.Throws<InvalidOperationException>(() =>
            PostgresConnectionString.Resolve("Host=127.0.0.1;Password=hunter2;Bogus Key=1", _ => null));
        Assert.DoesNotContain("hunter2", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upgrading_a_populated_store_backfills_the_hour_counts_and_the_triggers_keep_them_after()
    {
        var before = PostgresMigrations.All.ToList().IndexOf(PostgresListHours.Sql);
        await RunAsync(string.Join(";\n", PostgresMigrations.All.Take(before)) + $"""
            ;
            CREATE TABLE schema_version (id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
            INSERT INTO schema_version VALUES (1, {before});
            INSERT INTO projects VALUES ('p', 'p', 0);
            INSERT INTO instances VALUES ('i', 'p', 'i', 'mysql', 0);
            INSERT INTO audit_log_files (id, instance_id, node_id, name, size_bytes, begin_time, end_time)
                SELECT 'f' || n, 'i', 'n', 'f', 1, n * 1200000, n * 1200000 + 1000 FROM generate_series(0, 9) n;
            INSERT INTO mysql_slow_log (instance_id, start_time, query_time, lock_time, rows_sent, rows_examined, database, users, client_ip,
                query_sample, type)
                SELECT 'i', n * 1200000, 1, 0, 0, 0, 'd', 'u', 'c', 'q', CASE WHEN n % 2 = 0 THEN 'SELECT' ELSE 'UPDATE' END
                FROM generate_series(0, 9) n;
            """);

        await using (var database = new PostgresDatabase(_connectionString))
        {
            await database.MigrateAsync();
        }

        // Ten rows 20 minutes apart: three per hour in hours 0-2, one in hour 3.
        Assert.Equal("0:3,1:3,2:3,3:1", await HoursAsync("SELECT hour || ':' || files FROM audit_log_file_hours ORDER BY hour"));
        Assert.Equal("0:SELECT:2,0:UPDATE:1,1:SELECT:1,1:UPDATE:2,2:SELECT:2,2:UPDATE:1,3:UPDATE:1",
            await HoursAsync("SELECT hour || ':' || type || ':' || entries FROM mysql_slow_log_hours ORDER BY hour, type"));

        await RunAsync("""
            DELETE FROM audit_log_files WHERE id IN ('f0', 'f1');
            UPDATE audit_log_files SET begin_time = 3 * 3600000 WHERE id = 'f2';
            INSERT INTO mysql_slow_log (instance_id, start_time, query_time, lock_time, rows_sent, rows_examined, database, users, client_ip,
                query_sample, type) VALUES ('i', 3 * 3600000, 1, 0, 0, 0, 'd', 'u', 'c', 'q', 'UPDATE');
            """);
        Assert.Equal("0:0,1:3,2:3,3:2", await HoursAsync("SELECT hour || ':' || files FROM audit_log_file_hours ORDER BY hour"));
        Assert.Equal("3:UPDATE:2", await HoursAsync("SELECT hour || ':' || type || ':' || entries FROM mysql_slow_log_hours WHERE hour = 3"));
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task RunAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> HoursAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var hours = new List<string>();
        while (await reader.ReadAsync())
        {
            hours.Add(reader.GetString(0));
        }

        return string.Join(',', hours);
    }
}
