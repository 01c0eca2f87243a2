using Dapper;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace DbLogs.Tests.Storage;

/// <summary>
/// The schema step that moves the audit records out of the store into their own file, applied to a store of the earlier
/// format that holds records and the indexer's cursor; also after a crash between the copy and the store's drop.
/// </summary>
public sealed class SqliteRecordsMoveTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Queries = ["SELECT * FROM orders", "UPDATE orders SET paid = 1", "DELETE FROM carts", "SELECT 'Grüße'"];
    private readonly string _data = Directory.CreateTempSubdirectory("dblogs-records-move-").FullName;

    private string StorePath => Path.Combine(_data, "dblogs.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Records_and_the_indexer_cursor_move_once_and_search_answers_the_same(bool copiedBeforeACrash)
    {
        var step = SqliteMigrations.All.ToList().IndexOf(SqliteAuditRecordsMove.Sql);
        await using (var c = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("PRAGMA journal_mode = WAL;");
            foreach (var sql in SqliteMigrations.All.Take(step))
            {
                await c.ExecuteAsync(sql);
            }

            await c.ExecuteAsync(
                $"""
                PRAGMA user_version = {step};
                INSERT INTO projects (id, name, created_at) VALUES ('p', 'demo', 0);
                INSERT INTO instances (id, project_id, name, engine, created_at) VALUES ('i', 'p', 'db', 'mysql', 0);
                INSERT INTO sources (instance_id, node_id, kind) VALUES ('i', 'n1', 'mariadb-audit');
                INSERT INTO stream_cursors (source_id, consumer, position, state) VALUES (1, 'audit-records', 400, 'seen'), (1, 'audit-files', 200, NULL);
                """);
            for (var i = 0; i < Queries.Length; i++)
            {
                await c.ExecuteAsync(
                    """
                    INSERT INTO audit_records (source_id, stream_offset, time, zone_offset, server_host, user, host, connection_id, query_id,
                        operation, statement_class, database, object, query, return_code)
                    VALUES (1, @offset, @time, 0, 'db1', 'app', '10.0.0.7', 42, @offset, 'QUERY', 'DML', 'shop', NULL, @query, 0)
                    """, new { offset = i * 100, time = T0.AddSeconds(i).ToUnixTimeMilliseconds(), query = Queries[i] });
            }
        }

        if (copiedBeforeACrash)
        {
            var crashed = new SqliteDatabase(StorePath);
            await crashed.Records.MigrateAsync(default);
            await crashed.Records.CopyFromStoreAsync(default);
            SqliteConnection.ClearAllPools();
        }

        var db = new SqliteDatabase(StorePath);
        await db.MigrateAsync();
        var records = new SqliteAuditRecordStore(db.Records);

        Assert.Equal(new StreamCursor(400, "seen"), await records.GetCursorAsync(1, "audit-records"));
        Assert.Equal([Queries[1], Queries[0]], await SearchAsync(records, "orders"));
        Assert.Equal(Queries.Reverse(), await SearchAsync(records));
        await using (var store = await db.OpenAsync())
        {
            Assert.Equal(0, await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'audit_records%'"));
            Assert.Equal(["audit-files"], await store.QueryAsync<string>("SELECT consumer FROM stream_cursors"));
        }

        // The indexer resuming from its cursor would skip these; were it to repeat them, they are not stored twice.
        await records.CommitAsync(1, "audit-records", [new AuditRecordRow("i", "n1", 100, new AuditRecord(T0.AddSeconds(1), 0, "db1", "app",
            "10.0.0.7", 42, 100, "QUERY", "shop", null, Queries[1], 0, "DML"))], new StreamCursor(400, "seen"));
        Assert.Equal([Queries[1], Queries[0]], await SearchAsync(records, "orders"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db.Records.Path));
        }
    }

    private static async Task<string[]> SearchAsync(SqliteAuditRecordStore records, params string[] keywords)
    {
        var found = await records.SearchAsync(new AuditRecordQuery("i", T0, T0.AddHours(1)) { Keywords = keywords }, new(0, 100));
        Assert.Equal(found.Items.Count, found.Total);
        return [.. found.Items.Select(h => h.Record.Query!)];
    }
}
