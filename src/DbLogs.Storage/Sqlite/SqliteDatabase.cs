using System.Data.Common;
using DbLogs.Core.Files;
using DbLogs.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace DbLogs.Storage.Sqlite;

/// <summary>Opens connections to the embedded store and brings its schema (and its audit records' file's) up to date.</summary>
public sealed class SqliteDatabase : IStorageSchema, IConnectionSource, IDisposable
{
    private readonly SqliteFile _file;
    private readonly string _path;
    private readonly SqlitePreparedConnections _reads;

    public SqliteDatabase(string path)
    {
        _path = path;
        _file = new SqliteFile(path, "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;");
        Records = new SqliteRecordsDatabase(RecordsPathFor(path), path);
        _reads = new SqlitePreparedConnections(_file.OpenAsync);
    }

    /// <summary>The schema version this build knows: the number of migration steps.</summary>
    public static int KnownVersion => SqliteMigrations.All.Count;

    /// <summary>The audit records' own file beside this one.</summary>
    public SqliteRecordsDatabase Records { get; }

    /// <summary>Where the audit records of the store at <paramref name="path"/> are: <c>dblogs.db</c> → <c>dblogs-audit-records.db</c>.</summary>
    public static string RecordsPathFor(string path) => Path.ChangeExtension(path, null) + "-audit-records.db";

    public Task<SqliteConnection> OpenAsync(CancellationToken ct = default) => _file.OpenAsync(ct);

    async Task<DbConnection> IConnectionSource.OpenConnectionAsync(CancellationToken ct) => await OpenAsync(ct);

    /// <summary>Runs <paramref name="read"/> on a connection whose commands stay prepared between reads (hot list routes).</summary>
    internal Task<T> ReadAsync<T>(Func<IStatements, CancellationToken, Task<T>> read, CancellationToken ct) => _reads.ReadAsync(read, ct);

    /// <summary>Closes the connections kept for <see cref="ReadAsync"/>.</summary>
    public void Dispose() => _reads.Dispose();

    /// <summary>
    /// Switches to WAL and applies the migrations the file has not seen yet, each in its own transaction, then the records
    /// file's. The step that drops the audit records from this file runs only after they were copied into that one.
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        OwnerOnly.EnsureFile(_path); // SQLite would create it 0644, and its -wal and -shm files like it
        await _file.MigrateAsync(SqliteMigrations.All, async (step, token) =>
        {
            if (ReferenceEquals(SqliteMigrations.All[step], SqliteAuditRecordsMove.Sql))
            {
                await Records.MigrateAsync(token);
                await Records.CopyFromStoreAsync(token);
            }
        }, ct);
        await Records.MigrateAsync(ct);
    }
}
