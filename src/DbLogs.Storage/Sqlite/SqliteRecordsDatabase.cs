using System.Data.Common;
using DbLogs.Core.Files;
using DbLogs.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace DbLogs.Storage.Sqlite;

/// <summary>
/// The audit record index's own SQLite file beside the store, so that indexing takes only this file's write lock and
/// ingest never waits for the indexer (SQLite has one writer per file). Its connections see the store attached read-only
/// as <c>store</c> (sources, audit files): read-only because BEGIN IMMEDIATE takes the write lock of every attached file
/// that can be written. The indexer's cursor is kept here, in the same transaction as its rows (fenced by a read of the store's lease).
/// </summary>
public sealed class SqliteRecordsDatabase : IConnectionSource
{
    private readonly SqliteFile _file;

    internal SqliteRecordsDatabase(string path, string storePath)
    {
        Path = path;
        // URI names: the store is attached with mode=ro, which SQLite reads only when the connection was opened by URI.
        _file = new SqliteFile(new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri,
            "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; " +
            $"ATTACH DATABASE {SqliteFile.Literal(new Uri(System.IO.Path.GetFullPath(storePath)).AbsoluteUri + "?mode=ro")} AS store;");
    }

    /// <summary>The schema version of this file this build knows.</summary>
    public static int KnownVersion => SqliteRecordsMigrations.All.Count;

    public string Path { get; }

    public Task<SqliteConnection> OpenAsync(CancellationToken ct = default) => _file.OpenAsync(ct);

    async Task<DbConnection> IConnectionSource.OpenConnectionAsync(CancellationToken ct) => await OpenAsync(ct);

    string IConnectionSource.LeaseCheck => CursorFenceSql.ReadHeldLeaseInStore;

    /// <summary>Creates the file (owner-only, like the store) and applies its own steps.</summary>
    internal async Task MigrateAsync(CancellationToken ct)
    {
        OwnerOnly.EnsureFile(Path);
        await _file.MigrateAsync(SqliteRecordsMigrations.All, null, ct);
    }

    /// <summary>
    /// Copies the records and the indexer's cursor that a store of an earlier version holds into this file, committed here
    /// before the store drops them (<see cref="SqliteAuditRecordsMove"/>); a second run copies nothing twice.
    /// </summary>
    internal async Task CopyFromStoreAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        await SqliteFile.ExecuteAsync(c, tx,
            $"""
            INSERT OR IGNORE INTO main.audit_records ({Columns}) SELECT {Columns} FROM store.audit_records ORDER BY id;
            INSERT OR IGNORE INTO main.stream_cursors (source_id, consumer, position, state)
                SELECT source_id, consumer, position, state FROM store.stream_cursors WHERE consumer = 'audit-records';
            """, ct);
        await tx.CommitAsync(ct);
    }

    private const string Columns =
        "id, source_id, stream_offset, time, zone_offset, server_host, user, host, connection_id, query_id, operation, statement_class, " +
        "database, object, query, return_code";
}
