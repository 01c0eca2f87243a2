using System.Globalization;
using System.Text;
using Dapper;
using DbLogs.Storage.MariadbAuditRecords;

namespace DbLogs.Storage.Sql;

/// <summary>
/// The WHERE clause of an audit record search over <c>audit_records r</c>, but for the keywords, whose matching each store
/// adds with its own index. Every value is a parameter; only the integer source ids are inlined.
/// </summary>
internal static class AuditRecordFilter
{
    public static AuditRecordWhere Build(AuditRecordQuery query, IReadOnlyCollection<long> sourceIds, IAuditRecordDialect dialect)
    {
        var where = new StringBuilder("r.source_id IN (")
            .AppendJoin(',', sourceIds.Select(id => id.ToString(CultureInfo.InvariantCulture)))
            .Append(") AND r.time >= @Start AND r.time <= @End");
        var args = new DynamicParameters(new { Start = UnixMs.From(query.Start), End = UnixMs.From(query.End) });
        Equal(where, args, "user", query.User);
        var indexed = where.ToString();
        Equal(where, args, "host", query.Host);
        Equal(where, args, "database", query.Database);
        if (query.ReturnCode is { } code)
        {
            where.Append(" AND r.return_code = @ReturnCode");
            args.Add("ReturnCode", code);
        }

        var either = new List<string>(2);
        if (query.Operations.Count > 0)
        {
            either.Add("r.operation " + dialect.InList("Operations"));
            args.Add("Operations", query.Operations.ToArray());
        }

        if (query.Classes.Count > 0)
        {
            either.Add("r.statement_class " + dialect.InList("Classes"));
            args.Add("Classes", query.Classes.ToArray());
        }

        if (either.Count > 0)
        {
            where.Append(" AND (").AppendJoin(" OR ", either).Append(')');
        }

        return new AuditRecordWhere(where, args, indexed, query.User is not null);
    }

    private static void Equal(StringBuilder where, DynamicParameters args, string column, string? value)
    {
        if (value is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND r.{column} = @{column}");
            args.Add(column, value);
        }
    }
}

/// <summary>
/// A search's conditions so far and their parameters; <see cref="Indexed"/> is the part the time and user indexes answer
/// alone (the nodes, the window, the user), an upper bound of the rows any plan has to look at without a keyword index;
/// <see cref="ByUser"/>: it has a user (parameter <c>@user</c>; a user's rows lie all over the table, where a window's lie together).
/// </summary>
internal sealed record AuditRecordWhere(StringBuilder Sql, DynamicParameters Args, string Indexed, bool ByUser);
