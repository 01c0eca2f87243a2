using System.Globalization;
using System.Text;
using Dapper;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>
/// The WHERE clause of an audit record search. Keywords of 3 characters or more go to the FTS5 trigram index as quoted
/// phrases (a substring match in which no character is an operator); shorter ones, which have no trigram, are matched
/// with <c>instr</c> over the text lower-cased by SQLite (ASCII letters only). Every value is a parameter; only the integer source ids are inlined.
/// </summary>
internal static class SqliteAuditRecordFilter
{
    public static (string Where, DynamicParameters Args) Build(AuditRecordQuery query, IReadOnlyCollection<long> sourceIds)
    {
        var where = new StringBuilder("r.source_id IN (")
            .AppendJoin(',', sourceIds.Select(id => id.ToString(CultureInfo.InvariantCulture)))
            .Append(") AND r.time >= @Start AND r.time <= @End");
        var args = new DynamicParameters(new { Start = UnixMs.From(query.Start), End = UnixMs.From(query.End) });
        Equal(where, args, "user", query.User);
        Equal(where, args, "host", query.Host);
        Equal(where, args, "database", query.Database);
        if (query.ReturnCode is { } code)
        {
            where.Append(" AND r.return_code = @ReturnCode");
            args.Add("ReturnCode", code);
        }

        if (query.Operations.Count > 0 || query.Classes.Count > 0)
        {
            args.Add("Operations", query.Operations);
            args.Add("Classes", query.Classes);
            where.Append(" AND (r.operation IN @Operations OR r.statement_class IN @Classes)");
        }

        var phrases = query.Keywords.Where(k => CodePoints(k) >= 3).Select(k => "\"" + k.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"").ToList();
        if (phrases.Count > 0)
        {
            where.Append(" AND r.id IN (SELECT rowid FROM audit_records_fts WHERE audit_records_fts MATCH @Match)");
            args.Add("Match", string.Join(' ', phrases));
        }

        var i = 0;
        foreach (var shortKeyword in query.Keywords.Where(k => CodePoints(k) < 3))
        {
            var name = "Short" + i++.ToString(CultureInfo.InvariantCulture);
            where.Append(CultureInfo.InvariantCulture, $" AND instr(lower(r.query), lower(@{name})) > 0");
            args.Add(name, shortKeyword);
        }

        return (where.ToString(), args);
    }

    private static void Equal(StringBuilder where, DynamicParameters args, string column, string? value)
    {
        if (value is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND r.{column} = @{column}");
            args.Add(column, value);
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
