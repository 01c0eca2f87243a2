using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>
/// SQLite's audit record SQL, and its choice of how to match keywords. When the nodes, window and user leave at most
/// <see cref="RowsFirstLimit"/> rows (counted on their index alone), each of those rows is checked with LIKE: a narrow
/// search then costs what its window holds, not what all time holds. Otherwise the keywords of 3 characters or more go
/// to the FTS5 trigram index as quoted phrases (a substring match in which no character is an operator), which drives the
/// join. Shorter keywords, which have no trigram, are always checked per row. LIKE folds the case of ASCII letters only,
/// the trigram index that of every letter, so a keyword with other letters always goes to the index.
/// </summary>
internal sealed class SqliteAuditRecordDialect(int rowsFirstLimit) : IAuditRecordDialect
{
    public const int DefaultRowsFirstLimit = 50_000;

    public int RowsFirstLimit { get; } = rowsFirstLimit;

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

    public async Task<AuditRecordPlan> PlanAsync(DbConnection connection, AuditRecordWhere where, IReadOnlyList<string> keywords, CancellationToken ct)
    {
        if (keywords.Count == 0)
        {
            return AuditRecordPlan.Scan; // the count is read from the index alone, and each node's page stops at its limit
        }

        var indexed = keywords.Where(k => CodePoints(k) >= 3).ToList();
        var fewRows = await CandidatesAsync(connection, where, ct) < RowsFirstLimit;
        var useIndex = indexed.Count > 0 && (!fewRows || indexed.Any(k => !Ascii.IsValid(k)));
        if (useIndex)
        {
            where.Sql.Append(" AND m.audit_records_fts MATCH @Match");
            where.Args.Add("Match", string.Join(' ', indexed.Select(k => "\"" + k.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")));
        }

        var i = 0;
        foreach (var keyword in useIndex ? keywords.Except(indexed) : keywords)
        {
            var name = "Like" + i++.ToString(CultureInfo.InvariantCulture);
            where.Sql.Append(CultureInfo.InvariantCulture, $" AND r.query LIKE @{name} ESCAPE '\\'");
            where.Args.Add(name, "%" + LikePattern.Escape(keyword) + "%");
        }

        // CROSS JOIN keeps the index's matches as the outer loop, each row then read by its id.
        return useIndex ? new("audit_records_fts m CROSS JOIN audit_records r ON r.id = m.rowid", fewRows, IndexDriven: true) : AuditRecordPlan.Scan with { FewMatches = fewRows };
    }

    /// <summary>The rows the nodes, window and user leave, counted on their index up to <see cref="RowsFirstLimit"/>.</summary>
    private async Task<long> CandidatesAsync(DbConnection connection, AuditRecordWhere where, CancellationToken ct)
    {
        var args = new DynamicParameters(where.Args);
        args.Add("RowsFirstLimit", RowsFirstLimit);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM (SELECT 1 FROM audit_records r WHERE {where.Indexed} LIMIT @RowsFirstLimit)", args, cancellationToken: ct));
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
