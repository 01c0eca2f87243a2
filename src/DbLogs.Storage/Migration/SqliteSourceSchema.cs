using Dapper;
using Microsoft.Data.Sqlite;

namespace DbLogs.Storage.Migration;

/// <summary>
/// The embedded store's tables and columns, read from the files themselves, in an order where referenced tables come first:
/// the store's, then those of the audit records' file attached as <see cref="RecordsSchema"/> (they refer to the store's sources).
/// </summary>
internal static class SqliteSourceSchema
{
    public const string RecordsSchema = "records";

    public static async Task<IReadOnlyList<SourceTable>> ReadAsync(SqliteConnection c, SqliteTransaction tx, bool withRecords)
    {
        var tables = DependencyOrder(await ReadAsync(c, tx, "main"));
        return withRecords ? [.. tables, .. DependencyOrder(await ReadAsync(c, tx, RecordsSchema))] : tables;
    }

    private static async Task<List<SourceTable>> ReadAsync(SqliteConnection c, SqliteTransaction tx, string schema)
    {
        // Plain tables only: a full-text index (a virtual table and its shadow tables) is derived, and PostgreSQL keeps its own.
        var names = (await c.QueryAsync<string>(
            "SELECT name FROM pragma_table_list WHERE schema = @schema AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            new { schema }, tx)).ToList();
        var tables = new List<SourceTable>();
        foreach (var name in names)
        {
            var columns = (await c.QueryAsync<string>("SELECT name FROM pragma_table_info(@name, @schema) ORDER BY cid", new { name, schema }, tx)).ToList();
            var references = (await c.QueryAsync<string>("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(@name, @schema)", new { name, schema }, tx))
                .Where(r => r != name).ToList();
            tables.Add(new SourceTable(schema, name, columns, references));
        }

        return tables;
    }

    /// <summary>The highest id each AUTOINCREMENT table ever handed out (deleted rows included), so PostgreSQL never reuses one.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> SequencesAsync(SqliteConnection c, SqliteTransaction tx)
    {
        var exists = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'", transaction: tx);
        return exists == 0
            ? new Dictionary<string, long>()
            : (await c.QueryAsync<(string Name, long Seq)>("SELECT name, seq FROM sqlite_sequence", transaction: tx)).ToDictionary(r => r.Name, r => r.Seq);
    }

    private static List<SourceTable> DependencyOrder(List<SourceTable> tables)
    {
        var ordered = new List<SourceTable>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < tables.Count)
        {
            var ready = tables.Where(t => !placed.Contains(t.Name) && t.References.All(r => placed.Contains(r) || tables.All(o => o.Name != r))).ToList();
            if (ready.Count == 0)
            {
                throw new StoreMigrationException("the embedded store's tables reference each other in a cycle; they cannot be copied in order.");
            }

            foreach (var table in ready)
            {
                ordered.Add(table);
                placed.Add(table.Name);
            }
        }

        return ordered;
    }
}

/// <summary>One table of the embedded store (in the file attached as <paramref name="Schema"/>): its columns in order and the tables its foreign keys reference.</summary>
internal sealed record SourceTable(string Schema, string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> References)
{
    /// <summary>The name the copy reports: the records file's cursors apart from the store's.</summary>
    public string Label => Schema == "main" ? Name : $"{Schema}.{Name}";
}

/// <summary>The store cannot be migrated as it is; the message says why and what to do.</summary>
public sealed class StoreMigrationException(string message) : Exception(message);
