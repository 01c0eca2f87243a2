using Dapper;
using DbLogs.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace DbLogs.Tests.AuditFiles;

/// <summary>The schema step that gives audit files their place in the stream, applied to a store that already has files.</summary>
public sealed class AuditSequenceMigrationTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dblogs-migration-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var store in new[] { _path, SqliteDatabase.RecordsPathFor(_path) })
        {
            foreach (var file in new[] { store, store + "-wal", store + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task Files_cut_before_the_step_get_the_sequence_their_name_starts_with()
    {
        var step = SqliteMigrations.All.ToList().FindIndex(sql => sql.Contains("ADD COLUMN stream_sequence", StringComparison.Ordinal));
        await using (var c = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await c.OpenAsync();
            foreach (var sql in SqliteMigrations.All.Take(step))
            {
                await c.ExecuteAsync(sql);
            }

            await c.ExecuteAsync($"PRAGMA user_version = {step};");
            await c.ExecuteAsync(
                """
                INSERT INTO projects (id, name, created_at) VALUES ('p', 'demo', 0);
                INSERT INTO instances (id, project_id, name, engine, created_at) VALUES ('i', 'p', 'db', 'mysql', 0);
                INSERT INTO audit_log_files (id, instance_id, node_id, name, size_bytes, begin_time, end_time) VALUES
                    ('a', 'i', 'n1', '12_20191106020000_i_Audit_5b0c…', 1, 0, 1),
                    ('b', 'i', 'n1', '3_20191106020000_i_Audit_9e1d…', 1, 0, 1),
                    ('c', 'i', 'n1', 'audit-c.log', 1, 0, 1)
                """);
        }

        await new SqliteDatabase(_path).MigrateAsync();

        await using var migrated = new SqliteConnection($"Data Source={_path};Pooling=False");
        var sequences = await migrated.QueryAsync<(string Id, long Sequence)>("SELECT id, stream_sequence FROM audit_log_files ORDER BY id");
        Assert.Equal([("a", 12L), ("b", 3L), ("c", 0L)], sequences);
    }
}
