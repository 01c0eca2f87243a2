namespace DbLogs.Storage.Sqlite;

/// <summary>The schema steps of the audit records' file (<see cref="SqliteRecordsDatabase"/>), counted in its own <c>user_version</c>.</summary>
internal static class SqliteRecordsMigrations
{
    public static IReadOnlyList<string> All { get; } =
    [
        SqliteRecordsSchema.Sql,
        SqliteRecordsUserQueryIndex.Sql,
    ];
}
