using System.Globalization;
using System.Text;
using Dapper;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>
/// SQLite's audit record SQL. Keywords of 3 characters or more go to the FTS5 trigram index as quoted phrases (a substring
/// match in which no character is an operator); shorter ones, which have no trigram, are matched with <c>instr</c> over the
/// text lower-cased by SQLite (ASCII letters only).
/// </summary>
internal sealed class SqliteAuditRecordDialect : IAuditRecordDialect
{
    public static SqliteAuditRecordDialect Instance { get; } = new();

    public string Insert { get; } = $"""
        INSERT OR IGNORE INTO audit_records (source_id, stream_offset, time, zone_offset, server_host, user, host, connection_id, query_id,
            operation, statement_class, database, object, query, return_code)
        {AuditRecordParameters.Values}
        """;

    public string DeleteInFiles { get; } = """
        DELETE FROM audit_records WHERE id IN (
            SELECT r.id FROM audit_log_files f
            JOIN audit_records r ON r.source_id = f.source_id AND r.stream_offset >= f.stream_start AND r.stream_offset < f.stream_end
            WHERE f.instance_id = @instanceId AND f.id IN @fileIds)
        """;

    public string InList(string parameter) => $"IN @{parameter}";

    public void Keywords(StringBuilder where, DynamicParameters args, IReadOnlyList<string> keywords)
    {
        var phrases = keywords.Where(k => CodePoints(k) >= 3).Select(k => "\"" + k.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"").ToList();
        if (phrases.Count > 0)
        {
            where.Append(" AND r.id IN (SELECT rowid FROM audit_records_fts WHERE audit_records_fts MATCH @Match)");
            args.Add("Match", string.Join(' ', phrases));
        }

        var i = 0;
        foreach (var shortKeyword in keywords.Where(k => CodePoints(k) < 3))
        {
            var name = "Short" + i++.ToString(CultureInfo.InvariantCulture);
            where.Append(CultureInfo.InvariantCulture, $" AND instr(lower(r.query), lower(@{name})) > 0");
            args.Add(name, shortKeyword);
        }
    }

    /// <summary>The trigram tokenizer counts Unicode code points.</summary>
    private static int CodePoints(string keyword)
    {
        var count = 0;
        foreach (var _ in keyword.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
