using System.Text;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>
/// SQLite's audit record SQL. Its keyword index is the FTS5 trigram table <c>audit_records_fts</c>, given the keywords as
/// quoted phrases (a substring match in which no character is an operator); its row check is LIKE. LIKE folds the case of
/// ASCII letters only, the trigram index that of every letter, so a keyword with other letters always goes to the index.
/// FTS5 confines its matches to a range of rowids by seeking, so a window whose records were stored together is searched
/// through the index at the cost of that range.
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

    public string RowMatch(string parameter) => $"r.query LIKE '%' || @{parameter} || '%' ESCAPE '\\'";

    public string RowMatchValue(string keyword) => LikePattern.Escape(keyword);

    public bool UserIndexHoldsQuery => true; // audit_records_user_query

    public bool RowMatchAgrees(string keyword) => Ascii.IsValid(keyword);

    public bool IndexSeeksIds => true; // FTS5 seeks each trigram's list of rowids to the range's first

    // CROSS JOIN keeps the index's matches as the outer loop, each row then read by its id.
    public AuditRecordPlan IndexMatch(AuditRecordWhere where, IReadOnlyList<string> keywords, AuditRecordIds? ids)
    {
        where.Sql.Append(" AND m.audit_records_fts MATCH @Match");
        where.Args.Add("Match", string.Join(' ', keywords.Select(k => "\"" + k.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")));
        if (ids is { } range)
        {
            where.Sql.Append(" AND m.rowid BETWEEN @FirstId AND @LastId");
            where.Args.Add("FirstId", range.First);
            where.Args.Add("LastId", range.Last);
        }

        return new("audit_records_fts m CROSS JOIN audit_records r ON r.id = m.rowid", FewMatches: false, IndexDriven: true);
    }
}
