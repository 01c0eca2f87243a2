using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DbLogs.Storage.Sqlite;

/// <summary>
/// One SQLite file's pooled connections, each native handle set up once (<paramref name="setup"/>: pragmas, attachments),
/// and its schema steps, counted in the file's <c>user_version</c>.
/// </summary>
internal sealed class SqliteFile(string dataSource, string setup)
{
    // The pool hands back the same native handle, whose per-connection pragmas still hold; setting them on every open
    // cost a statement per request.
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];
    private static readonly object Marker = new();

    static SqliteFile()
    {
        // SQLite counts every allocation under one process-wide mutex unless told not to, before it starts: with many
        // connections reading at once, that mutex was where they waited. Nothing here reads its memory statistics.
        // (Too late once another part of the process has opened a connection; SQLite then refuses and keeps counting.)
        Batteries_V2.Init();
        raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = dataSource,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        ForeignKeys = true,
        DefaultTimeout = 30,
    }.ToString();

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        var handle = connection.Handle!;
        if (!Configured.TryGetValue(handle, out _))
        {
            await ExecuteAsync(connection, null, setup, ct);
            Configured.AddOrUpdate(handle, Marker);
        }

        return connection;
    }

    /// <summary>Switches to WAL and applies the steps the file has not seen yet, each in its own transaction.</summary>
    /// <param name="beforeStep">Runs before step i is applied (outside its transaction).</param>
    public async Task MigrateAsync(IReadOnlyList<string> steps, Func<int, CancellationToken, Task>? beforeStep, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, "PRAGMA main.journal_mode = WAL;", ct); // not an attached file, which may be read-only
        for (var i = await VersionAsync(connection, ct); i < steps.Count; i++)
        {
            if (beforeStep is not null)
            {
                await beforeStep(i, ct);
            }

            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, tx, steps[i], ct);
            await ExecuteAsync(connection, tx, $"PRAGMA user_version = {i + 1};", ct);
            await tx.CommitAsync(ct);
        }
    }

    public static async Task<int> VersionAsync(SqliteConnection connection, CancellationToken ct, string schema = "main")
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {schema}.user_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A string literal for SQL text, for statements that take no parameters (ATTACH in a setup).</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
