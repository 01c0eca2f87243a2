namespace DbLogs.Storage.Sql;

/// <summary>
/// Where <see cref="AuditRecordPlanner"/> draws its lines. Under <see cref="RowsFirstLimit"/> rows left by the nodes, window and
/// user, a search matches its keywords among those rows: one by one, or, in a store whose keyword index seeks record ids,
/// through that index confined to the rows' ids when those span at most <see cref="IdSpanFactor"/> times their count (rows
/// stored together, as a window's are when its records were collected in order: the index then steps over about as many
/// entries as there are rows, and compares no text).
/// </summary>
internal sealed record AuditSearchLimits(int RowsFirstLimit, int IdSpanFactor)
{
    public static AuditSearchLimits Default { get; } = new(50_000, 4);

    /// <summary>Every keyword of 3 characters or more goes to the keyword index.</summary>
    public static AuditSearchLimits IndexFirst { get; } = new(0, 0);
}
