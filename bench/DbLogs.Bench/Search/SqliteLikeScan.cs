using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace DbLogs.Bench.Search;

/// <summary>
/// The baseline: the service's search (total, then the newest page) straight on its SQLite files, but with each keyword
/// matched by scanning the query text (<c>instr(lower(query), …)</c>) as it would be without the FTS5 trigram index.
/// </summary>
internal sealed class SqliteLikeScan : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _sources;

    public SqliteLikeScan(string database, string records)
    {
        _connection = new SqliteConnection($"Data Source={records};Mode=ReadOnly;Pooling=False");
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "ATTACH DATABASE $database AS store";
        command.Parameters.AddWithValue("$database", database);
        command.ExecuteNonQuery();
        command.CommandText = "SELECT group_concat(id) FROM sources WHERE instance_id = $instance AND kind = 'mariadb-audit'";
        command.Parameters.AddWithValue("$instance", SearchShape.InstanceId);
        _sources = (string)command.ExecuteScalar()!;
    }

    /// <summary>Runs the search; gives its total.</summary>
    public long Run(SearchFilter filter, int limit)
    {
        using var command = _connection.CreateCommand();
        var where = new StringBuilder($"r.source_id IN ({_sources}) AND r.time >= $start AND r.time <= $end");
        command.Parameters.AddWithValue("$start", filter.Start.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$end", filter.End.ToUnixTimeMilliseconds());
        if (filter.User is not null)
        {
            where.Append(" AND r.user = $user");
            command.Parameters.AddWithValue("$user", filter.User);
        }

        var keywords = filter.Keyword?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        for (var i = 0; i < keywords.Length; i++)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND instr(lower(r.query), lower($k{i})) > 0");
            command.Parameters.AddWithValue($"$k{i}", keywords[i]);
        }

        command.CommandText = $"SELECT COUNT(*) FROM audit_records r WHERE {where}";
        var total = (long)command.ExecuteScalar()!;
        command.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"SELECT r.* FROM audit_records r WHERE {where} ORDER BY r.time DESC, r.id DESC LIMIT {limit}");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
        }

        return total;
    }

    public void Dispose() => _connection.Dispose();
}
