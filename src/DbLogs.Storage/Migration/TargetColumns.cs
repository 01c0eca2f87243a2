using System.Globalization;
using System.Text;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace DbLogs.Storage.Migration;

/// <summary>A PostgreSQL table's columns as the migration writes them: SQLite's loosely typed values converted to each column's type.</summary>
internal sealed class TargetColumns
{
    private readonly Dictionary<string, (string Type, bool Identity)> _columns;

    private TargetColumns(Dictionary<string, (string Type, bool Identity)> columns) => _columns = columns;

    public IEnumerable<string> IdentityColumns => _columns.Where(c => c.Value.Identity).Select(c => c.Key);

    public static async Task<TargetColumns> ReadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string table)
    {
        var rows = await c.QueryAsync<(string Name, string Type, string Identity)>(
            """
            SELECT column_name, data_type, is_identity FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @table
            """, new { table }, tx);
        var columns = rows.ToDictionary(r => r.Name, r => (r.Type, r.Identity == "YES"), StringComparer.Ordinal);
        if (columns.Count == 0)
        {
            throw new StoreMigrationException(
                $"the PostgreSQL store has no table {table}, which the embedded store has: this dblogs cannot copy it (is the embedded store newer?).");
        }

        return new TargetColumns(columns);
    }

    /// <summary>The PostgreSQL type of each of <paramref name="names"/>; a column the target lacks stops the migration.</summary>
    public NpgsqlDbType[] TypesOf(string table, IReadOnlyList<string> names) => names.Select(n => _columns.TryGetValue(n, out var column)
        ? column.Type switch
        {
            "bigint" => NpgsqlDbType.Bigint,
            "integer" => NpgsqlDbType.Integer,
            "boolean" => NpgsqlDbType.Boolean,
            "double precision" => NpgsqlDbType.Double,
            "bytea" => NpgsqlDbType.Bytea,
            "text" => NpgsqlDbType.Text,
            _ => throw new StoreMigrationException($"the PostgreSQL column {table}.{n} has type {column.Type}, which the migration does not map."),
        }
        : throw new StoreMigrationException($"the PostgreSQL table {table} has no column {n}, which the embedded store has.")).ToArray();

    public static object Convert(object value, NpgsqlDbType type) => value is DBNull ? value : type switch
    {
        NpgsqlDbType.Bigint => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Integer => System.Convert.ToInt32(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Boolean => System.Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
        NpgsqlDbType.Double => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Bytea => value as byte[] ?? Encoding.UTF8.GetBytes(System.Convert.ToString(value, CultureInfo.InvariantCulture)!),
        _ => value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
