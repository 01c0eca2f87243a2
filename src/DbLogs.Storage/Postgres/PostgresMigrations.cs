using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

/// <summary>
/// Schema steps in order; a step is never edited once released, only followed by new ones. Tables and columns mirror the SQLite
/// store's (after all its steps), so a store can be copied table by table.
/// </summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<string> All { get; } =
    [
        PostgresInitialSchema.Registry,
        PostgresInitialSchema.Sources,
        PostgresInitialSchema.Logs,
        PostgresInitialSchema.RunLogTriggers,
        PostgresAuditRecordsSchema.Sql,
        PostgresListHours.Sql,
        PostgresRunLogStatementTriggers.Sql,
        PostgresPageIndexes.Sql,
        ServiceNodesSchema.Sql,
        StreamPiecesSchema.Sql,
        PostgresSlowLogPageIndexes.Sql,
        PostgresAuditUserTrigrams.Sql,
    ];
}
