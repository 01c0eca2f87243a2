using System.Data.Common;
using System.Runtime.CompilerServices;
using DbLogs.Core.Files;
using DbLogs.Storage.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DbLogs.Storage.Sqlite;

/// <summary>Opens connections to the embedded store and brings its schema up to date.</summary>
public sealed class SqliteDatabase : IStorageSchema, IConnectionSource
{
    // The pool hands back the same native handle, whose per-connection pragmas still hold; setting them on every open
    // cost a statement per request.
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];
    private static readonly object Marker = new();

    private readonly string _connectionString;
    private readonly string _path;

    public SqliteDatabase(string path)
    {
        _path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The schema version this build knows: the number of migration steps.</summary>
    public static int KnownVersion => SqliteMigrations.All.Count;

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        var handle = connection.Handle!;
        if (!Configured.TryGetValue(handle, out _))
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(ct);
            Configured.AddOrUpdate(handle, Marker);
        }

        return connection;
    }

    async Task<DbConnection> IConnectionSource.OpenConnectionAsync(CancellationToken ct) => await OpenAsync(ct);

    /// <summary>Switches to WAL and applies the migrations the file has not seen yet, each in its own transaction.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        OwnerOnly.EnsureFile(_path); // SQLite would create it 0644, and its -wal and -shm files like it
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", ct);
        var version = Convert.ToInt32(await ScalarAsync(connection, "PRAGMA user_version;", ct), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = version; i < SqliteMigrations.All.Count; i++)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, (SqliteTransaction)tx, SqliteMigrations.All[i], ct);
            await ExecuteAsync(connection, (SqliteTransaction)tx, $"PRAGMA user_version = {i + 1};", ct);
            await tx.CommitAsync(ct);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }
}
