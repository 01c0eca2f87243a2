using System.Data.Common;
using System.Globalization;
using Dapper;

namespace DbLogs.Storage.Sql;

/// <summary>
/// How a search reads its matches: <see cref="From"/> the tables (<c>audit_records r</c>, maybe joined to a keyword index that
/// then drives the join: <see cref="IndexDriven"/>), and whether the matches are known to be few enough
/// (<see cref="FewMatches"/>) to read all their keys in one pass, which gives the total and the page at once.
/// </summary>
internal sealed record AuditRecordPlan(string From, bool FewMatches, bool IndexDriven)
{
    public static AuditRecordPlan Scan { get; } = new("audit_records r", false, false);
}

/// <summary>The first and last id of the records a search's window holds: every one of them has an id in this range.</summary>
internal readonly record struct AuditRecordIds(long First, long Last);

/// <summary>
/// Chooses how a search matches its keywords, the same way in both stores. When the nodes, window and user leave fewer than
/// <see cref="AuditSearchLimits.RowsFirstLimit"/> rows (counted on their index alone; a user's, a fiftieth of that unless the
/// user index holds the query text), the keywords are matched among those rows only: a narrow search then costs what its
/// window holds, not what all time holds. Each row is checked (the dialect's <see cref="IAuditRecordDialect.RowMatch"/>), or,
/// when the rows lie together by id and the keyword index can seek ids, that index reads their id range.
/// Otherwise the keywords of 3 characters or more go to the store's trigram index; shorter ones, which have no trigram, are
/// always checked per row. A keyword the row check would match differently from the index always goes to the index, so
/// the answer never depends on the plan.
/// </summary>
internal sealed class AuditRecordPlanner(IAuditRecordDialect dialect, AuditSearchLimits limits)
{
    /// <summary>
    /// How many times fewer rows a user leaves must be to be checked one by one when each is a random table read (a user's
    /// rows lie all over the table, a window's together). On PostgreSQL at 1 million records, checking a user's 3,300 rows of
    /// 30 days took a median 110 ms, the trigram and user indexes together 45 ms; an hour's 1,400 rows 6 ms.
    /// </summary>
    private const int ScatteredRowsCost = 50;

    /// <summary>Appends the keyword conditions (each starting with " AND ") and their parameters, and chooses how to read the matches.</summary>
    public async Task<AuditRecordPlan> PlanAsync(DbConnection connection, AuditRecordWhere where, IReadOnlyList<string> keywords, CancellationToken ct)
    {
        if (keywords.Count == 0)
        {
            return AuditRecordPlan.Scan; // the count is read from the index alone, and each node's page stops at its limit
        }

        var indexed = keywords.Where(k => CodePoints(k) >= 3).ToList();
        var limit = where.ByUser && !dialect.UserIndexHoldsQuery ? limits.RowsFirstLimit / ScatteredRowsCost : limits.RowsFirstLimit;
        var candidates = await CandidatesAsync(connection, where, limit, ct);
        var fewRows = candidates.Count < limit;
        var ids = fewRows && candidates.Ids is { } range ? range : (AuditRecordIds?)null;
        var together = ids is { } span && span.Last - span.First < (long)limits.IdSpanFactor * candidates.Count;
        var useIndex = indexed.Count > 0 && (!fewRows || together || indexed.Any(k => !dialect.RowMatchAgrees(k)));
        var plan = useIndex ? dialect.IndexMatch(where, indexed, ids) with { FewMatches = fewRows } : AuditRecordPlan.Scan with { FewMatches = fewRows };
        var i = 0;
        foreach (var keyword in useIndex ? keywords.Except(indexed) : keywords)
        {
            var name = "Row" + i++.ToString(CultureInfo.InvariantCulture);
            where.Sql.Append(" AND ").Append(dialect.RowMatch(name));
            where.Args.Add(name, dialect.RowMatchValue(keyword));
        }

        return plan;
    }

    /// <summary>
    /// The rows the nodes, window and user leave, counted on their index up to <paramref name="limit"/>, and the range of their
    /// ids when the keyword index can seek ids (an index entry holds the id in SQLite; a PostgreSQL one would read the table).
    /// </summary>
    private async Task<(long Count, AuditRecordIds? Ids)> CandidatesAsync(DbConnection connection, AuditRecordWhere where, int limit, CancellationToken ct)
    {
        var args = new DynamicParameters(where.Args);
        args.Add("RowsFirstLimit", limit);
        var (count, first, last) = await connection.QuerySingleAsync<(long, long?, long?)>(new CommandDefinition(
            dialect.IndexSeeksIds
                ? $"SELECT COUNT(*), MIN(id), MAX(id) FROM (SELECT r.id FROM audit_records r WHERE {where.Indexed} LIMIT @RowsFirstLimit) AS candidates"
                : $"SELECT COUNT(*), NULL, NULL FROM (SELECT 1 FROM audit_records r WHERE {where.Indexed} LIMIT @RowsFirstLimit) AS candidates",
            args, cancellationToken: ct));
        return (count, first is { } f && last is { } l ? new AuditRecordIds(f, l) : null);
    }

    /// <summary>Trigrams are of Unicode code points.</summary>
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
