namespace DbLogs.Storage.Sqlite;

/// <summary>
/// The audit records leave the store for their own file (<see cref="SqliteRecordsDatabase"/>), which
/// <see cref="SqliteRecordsDatabase.CopyFromStoreAsync"/> filled and committed before this step: a transaction over two
/// WAL files is not atomic across them, so a crash between the copy and this step loses nothing (the copy runs again).
/// </summary>
internal static class SqliteAuditRecordsMove
{
    public const string Sql =
        """
        DELETE FROM stream_cursors WHERE consumer = 'audit-records';
        DROP TRIGGER audit_records_fts_insert;
        DROP TRIGGER audit_records_fts_delete;
        DROP TABLE audit_records_fts;
        DROP TABLE audit_records;
        """;
}
