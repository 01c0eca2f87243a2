using System.Diagnostics;
using Dapper;
using DbLogs.Core.Logs;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sqlite;

namespace DbLogs.Tests.Storage;

/// <summary>
/// The audit records in their own SQLite file: the indexer's write transaction and ingest's take different write locks,
/// so neither waits for the other (in one file, SQLite's single writer made ingest wait for every indexer batch).
/// </summary>
public sealed class SqliteRecordsFileTests : StoreTests<SqliteStorageUnderTest>
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    private IAuditRecordStore Records => Store<IAuditRecordStore>();

    [Fact]
    public async Task Ingest_commits_while_the_indexer_holds_its_write_transaction()
    {
        var source = await AuditSourceAsync();
        await using var indexer = await Store<SqliteRecordsDatabase>().OpenAsync();
        await using (var tx = await indexer.BeginTransactionAsync())
        {
            await indexer.ExecuteAsync("INSERT INTO stream_cursors (source_id, consumer, position) VALUES (@Id, 'other', 1)", source, tx);

            var watch = Stopwatch.StartNew();
            await Task.Run(() => Store<ISourceStore>().CommitAppendAsync(new AppendCommit(source.Id, "f1", "/var/log/mysql/server_audit.log", true, 0,
                100, new SourceChunk(0, 100, null, null), 100, T0))).WaitAsync(Promptly);
            Assert.True(watch.Elapsed < Promptly, $"ingest waited {watch.Elapsed}");

            // The lock is real: a second indexer commit waits for the first.
            var second = Task.Run(() => Records.CommitAsync(source.Id, "audit-records", [Row(source, 0)], new StreamCursor(100, null)));
            await Task.Delay(300);
            Assert.False(second.IsCompleted, "two writers of the records file did not exclude each other");
            await tx.CommitAsync();
            await second.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(100, (await Store<ISourceStore>().GetSourceAsync(source.Id))!.Length);
        Assert.Equal(new StreamCursor(100, null), await Records.GetCursorAsync(source.Id, "audit-records"));
    }

    [Fact]
    public async Task The_indexer_commits_while_ingest_holds_the_store_write_transaction()
    {
        var source = await AuditSourceAsync();
        await using var ingest = await Store<SqliteDatabase>().OpenAsync();
        await using var tx = await ingest.BeginTransactionAsync();
        await ingest.ExecuteAsync("UPDATE sources SET length = 1 WHERE id = @Id", source, tx);

        await Task.Run(() => Records.CommitAsync(source.Id, "audit-records", [Row(source, 0)], new StreamCursor(100, null))).WaitAsync(Promptly);

        var found = await Records.SearchAsync(new AuditRecordQuery(source.InstanceId, T0, T0.AddHours(1)) { Keywords = ["orders"] }, new(0, 10));
        Assert.Equal(1, found.Total);
        await tx.RollbackAsync();
    }

    private async Task<SourceRecord> AuditSourceAsync() => await SourceAsync(await InstanceAsync(Engine.Mysql, "n1"), "n1", LogKind.MariadbAudit);

    private static AuditRecordRow Row(SourceRecord source, long offset) => new(source.InstanceId, source.NodeId, offset,
        new AuditRecord(T0.AddSeconds(1), 0, "db1", "app", "10.0.0.7", 42, 1, "QUERY", "shop", null, "SELECT * FROM orders", 0, "DML"));
}
