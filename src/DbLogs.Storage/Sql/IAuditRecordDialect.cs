namespace DbLogs.Storage.Sql;

/// <summary>What an audit record search writes differently in each store's SQL; <see cref="AuditRecordPlanner"/> chooses which of it runs.</summary>
internal interface IAuditRecordDialect
{
    /// <summary>Inserts one row of <see cref="AuditRecordParameters"/>, unless a row of that source and stream offset is stored.</summary>
    string Insert { get; }

    /// <summary>Deletes the records in the stream ranges of the instance's files: parameters <c>instanceId</c> and the array <c>fileIds</c>.</summary>
    string DeleteInFiles { get; }

    /// <summary>The condition, after a column, that it is one of the array parameter <paramref name="parameter"/>'s values.</summary>
    string InList(string parameter);

    /// <summary>
    /// The condition that <c>r.query</c> holds the keyword in <paramref name="parameter"/> (as <see cref="RowMatchValue"/> gives it)
    /// as a case-insensitive substring, checked on each row and never through the keyword index.
    /// </summary>
    string RowMatch(string parameter);

    /// <summary>The value of <see cref="RowMatch"/>'s parameter for <paramref name="keyword"/>.</summary>
    string RowMatchValue(string keyword);

    /// <summary>Whether the user index holds the query text, so that <see cref="RowMatch"/> checks a user's rows without reading the table.</summary>
    bool UserIndexHoldsQuery { get; }

    /// <summary>Whether <see cref="RowMatch"/> finds for <paramref name="keyword"/> exactly what the keyword index finds.</summary>
    bool RowMatchAgrees(string keyword);

    /// <summary>Whether the keyword index can be confined to a range of record ids (<see cref="IndexMatch"/>'s <c>ids</c>) at the cost of that range alone.</summary>
    bool IndexSeeksIds { get; }

    /// <summary>
    /// Appends (each starting with " AND ") the conditions that the keyword index finds every one of <paramref name="keywords"/>,
    /// among the records of <paramref name="ids"/> when given and <see cref="IndexSeeksIds"/>, and says how to read those matches.
    /// </summary>
    AuditRecordPlan IndexMatch(AuditRecordWhere where, IReadOnlyList<string> keywords, AuditRecordIds? ids);
}
