using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>
/// Audit records in <c>audit_records</c> with the FTS5 trigram index <c>audit_records_fts</c> over their query text, in
/// their own file (<see cref="SqliteRecordsDatabase"/>), where unqualified names of the store's tables reach the store.
/// </summary>
public sealed class SqliteAuditRecordStore : AuditRecordSqlStore
{
    public SqliteAuditRecordStore(SqliteRecordsDatabase db)
        : this(db, AuditRecordPlanner.DefaultRowsFirstLimit)
    {
    }

    /// <summary>With <paramref name="rowsFirstLimit"/> 0 every keyword search of 3 characters or more uses the trigram index.</summary>
    internal SqliteAuditRecordStore(SqliteRecordsDatabase db, int rowsFirstLimit)
        : base(db, SqliteAuditRecordDialect.Instance, rowsFirstLimit)
    {
    }
}
