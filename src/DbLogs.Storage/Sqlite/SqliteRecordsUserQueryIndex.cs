namespace DbLogs.Storage.Sqlite;

/// <summary>
/// The user index of the audit records' file with the query text in it: a narrow search by user checks each of the user's
/// rows in the index alone. A user's rows lie all over the table, so reading each of them cost a random page read
/// (tens of thousands for a 30-day search at 10 million records).
/// </summary>
internal static class SqliteRecordsUserQueryIndex
{
    public const string Sql =
        """
        CREATE INDEX audit_records_user_query ON audit_records(source_id, user, time, query);
        DROP INDEX audit_records_user;
        """;
}
