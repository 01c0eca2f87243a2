using System.Diagnostics;
using Dapper;
using DbLogs.Storage.Postgres;
using DbLogs.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DbLogs.Storage.Migration;

/// <summary>
/// Copies the embedded store into a PostgreSQL store, every table and row as they are, in one PostgreSQL transaction while
/// holding the SQLite file exclusively (so no service can use it meanwhile). Generic over the schema: the tables and columns
/// are read from the SQLite file, so a table added by a later step is copied without code here.
/// </summary>
public static class SqliteToPostgres
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <param name="replace">Empty a target that already holds data instead of refusing it.</param>
    /// <returns>The rows copied per table, in copy order, and how long the copy took.</returns>
    public static async Task<MigrationResult> RunAsync(string sqlitePath, PostgresDatabase target, bool replace, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!File.Exists(sqlitePath))
        {
            throw new StoreMigrationException($"there is no embedded store at {sqlitePath}.");
        }

        try
        {
            return await CopyAsync(sqlitePath, target, replace, ct);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            // A running service keeps pooled connections open, each with a shared lock: the exclusive lock is refused then.
            throw new StoreMigrationException($"the embedded store {sqlitePath} is in use (is dblogs serve running on it?): stop the service first.");
        }
    }

    private static async Task<MigrationResult> CopyAsync(string sqlitePath, PostgresDatabase target, bool replace, CancellationToken ct)
    {
        var withRecords = File.Exists(SqliteDatabase.RecordsPathFor(sqlitePath)); // else the service's next start re-indexes the streams
        await using var source = await OpenExclusiveAsync(sqlitePath, withRecords, ct);
        await using var read = (SqliteTransaction)await source.BeginTransactionAsync(ct);
        await RequireCurrentAsync(source, read, withRecords);
        var tables = await SqliteSourceSchema.ReadAsync(source, read, withRecords);
        var sequences = await SqliteSourceSchema.SequencesAsync(source, read);

        await target.MigrateAsync(ct);
        var clock = Stopwatch.StartNew();
        await using var c = await target.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var targets = new Dictionary<string, TargetColumns>(StringComparer.Ordinal);
        foreach (var table in tables.DistinctBy(t => t.Name))
        {
            targets[table.Name] = await TargetColumns.ReadAsync(c, tx, table.Name);
        }

        if (!replace && await FirstTableWithDataAsync(c, tx, tables) is { } occupied)
        {
            throw new StoreMigrationException(
                $"the PostgreSQL store already holds data (table {occupied} has rows); migrate into an empty database, or pass --replace to empty it first.");
        }

        // Copied as they are: the count and version tables the triggers keep are copied too, so the triggers stay off meanwhile.
        await c.ExecuteAsync($"TRUNCATE {string.Join(", ", targets.Keys.Select(Quote))} RESTART IDENTITY", transaction: tx);
        await SetTriggersAsync(c, tx, tables, "DISABLE");
        var copied = new List<(string Table, long Rows)>();
        foreach (var table in tables)
        {
            var rows = await TableCopy.CopyAsync(source, read, c, table, targets[table.Name], ct);
            await ResetIdentitiesAsync(c, tx, table.Name, targets[table.Name], sequences.GetValueOrDefault(table.Name));
            copied.Add((table.Label, rows));
        }

        await SetTriggersAsync(c, tx, tables, "ENABLE");
        await tx.CommitAsync(ct);
        return new MigrationResult(copied, clock.Elapsed);
    }

    internal static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<SqliteConnection> OpenExclusiveAsync(string path, bool withRecords, CancellationToken ct)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 2,
        }.ToString());
        await connection.OpenAsync(ct);
        if (withRecords)
        {
            await connection.ExecuteAsync($"ATTACH DATABASE @records AS {SqliteSourceSchema.RecordsSchema}", new { records = SqliteDatabase.RecordsPathFor(path) });
        }

        // Both files: the pragma and BEGIN EXCLUSIVE apply to every attached file.
        await connection.ExecuteAsync("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; SELECT COUNT(*) FROM sqlite_master; COMMIT;");
        return connection;
    }

    private static async Task RequireCurrentAsync(SqliteConnection c, SqliteTransaction tx, bool withRecords)
    {
        var version = await c.ExecuteScalarAsync<long>("PRAGMA user_version", transaction: tx);
        var records = withRecords ? await c.ExecuteScalarAsync<long>($"PRAGMA {SqliteSourceSchema.RecordsSchema}.user_version", transaction: tx)
            : SqliteRecordsDatabase.KnownVersion;
        if (version != SqliteDatabase.KnownVersion || records != SqliteRecordsDatabase.KnownVersion)
        {
            throw new StoreMigrationException(
                $"the embedded store's schema is at version {version} and this dblogs's at {SqliteDatabase.KnownVersion}: " +
                "start this dblogs's serve on it once (it upgrades the store), stop it, then migrate.");
        }
    }

    private static async Task<string?> FirstTableWithDataAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<SourceTable> tables)
    {
        // The migration's own seed rows (single-row tables outside the project graph) do not count as data.
        var referenced = tables.SelectMany(t => t.References).ToHashSet(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => t.References.Count > 0 || referenced.Contains(t.Name)))
        {
            var exists = await c.ExecuteScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM {Quote(table.Name)})", transaction: tx);
            if (exists)
            {
                return table.Name;
            }
        }

        return null;
    }

    private static async Task SetTriggersAsync(NpgsqlConnection c, NpgsqlTransaction tx, IEnumerable<SourceTable> tables, string action)
    {
        foreach (var table in tables)
        {
            await c.ExecuteAsync($"ALTER TABLE {Quote(table.Name)} {action} TRIGGER USER", transaction: tx);
        }
    }

    private static async Task ResetIdentitiesAsync(NpgsqlConnection c, NpgsqlTransaction tx, string table, TargetColumns columns, long sqliteSequence)
    {
        foreach (var column in columns.IdentityColumns)
        {
            var max = await c.ExecuteScalarAsync<long?>($"SELECT max({Quote(column)}) FROM {Quote(table)}", transaction: tx) ?? 0;
            var last = Math.Max(max, sqliteSequence);
            if (last > 0)
            {
                await c.ExecuteAsync("SELECT setval(pg_get_serial_sequence(@table, @column), @last)",
                    new { table = Quote(table), column, last }, tx);
            }
        }
    }
}

/// <summary>What a migration copied: rows per table in copy order, and the time the copy took.</summary>
public sealed record MigrationResult(IReadOnlyList<(string Table, long Rows)> Tables, TimeSpan Elapsed);
