using System.Globalization;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

/// <summary>
/// PostgreSQL's audit record SQL. Each keyword is a LIKE pattern over <c>lower(query)</c>, which the pg_trgm GIN index
/// <c>audit_records_query_trgm</c> serves (keywords of 3 characters or more), or, checked per row, the keyword's place in
/// <c>lower(query)</c> (<c>strpos</c>, which no index serves and which costs a fifth less than a LIKE). Both lower-case alike,
/// so the row check matches every keyword as the index does. A search by user finds its candidates in that user's own index
/// (<see cref="PostgresAuditUserTrigrams"/>).
/// </summary>
internal sealed class PostgresAuditRecordDialect : IAuditRecordDialect
{
    public static PostgresAuditRecordDialect Instance { get; } = new();

    public string Insert { get; } = $"""
        INSERT INTO audit_records (source_id, stream_offset, time, zone_offset, server_host, "user", host, connection_id, query_id,
            operation, statement_class, database, object, query, return_code)
        {AuditRecordParameters.Values}
        ON CONFLICT (source_id, stream_offset) DO NOTHING
        """;

    public string DeleteInFiles { get; } = """
        DELETE FROM audit_records r USING audit_log_files f
        WHERE f.instance_id = @instanceId AND f.id = ANY(@fileIds)
          AND r.source_id = f.source_id AND r.stream_offset >= f.stream_start AND r.stream_offset < f.stream_end
        """;

    public string InList(string parameter) => $"= ANY(@{parameter})";

    public string RowMatch(string parameter) => $"strpos(lower(r.query), lower(@{parameter})) > 0";

    public string RowMatchValue(string keyword) => keyword;

    public bool UserIndexHoldsQuery => false;

    public bool RowMatchAgrees(string keyword) => true;

    public bool IndexSeeksIds => false; // a GIN index's matches come as one bitmap of all time

    // The planner may still walk a node's time index newest first when the keywords are common, so each node's page is read apart.
    // A user's keywords go to the user's own index, and their text is checked per candidate (not through pg_trgm as well: its
    // bitmap of a common table name over all time would cost more than the search).
    public AuditRecordPlan IndexMatch(AuditRecordWhere where, IReadOnlyList<string> keywords, AuditRecordIds? ids)
    {
        for (var i = 0; i < keywords.Count; i++)
        {
            var name = "Keyword" + i.ToString(CultureInfo.InvariantCulture);
            if (where.ByUser && PostgresAuditUserTrigrams.Knows(keywords[i]))
            {
                where.Sql.Append(" AND ").Append(PostgresAuditUserTrigrams.Candidate(name)).Append(" AND ").Append(RowMatch(name));
                where.Args.Add(name, RowMatchValue(keywords[i]));
            }
            else
            {
                where.Sql.Append(CultureInfo.InvariantCulture, $" AND lower(r.query) LIKE '%' || lower(@{name}) || '%'");
                where.Args.Add(name, LikePattern.Escape(keywords[i]));
            }
        }

        return AuditRecordPlan.Scan;
    }
}
