using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>
/// Audit records in <c>audit_records</c> with the FTS5 trigram index <c>audit_records_fts</c> over their query text, in
/// their own file (<see cref="SqliteRecordsDatabase"/>), where unqualified names of the store's tables reach the store.
/// </summary>
public sealed class SqliteAuditRecordStore : AuditRecordSqlStore
{
    public SqliteAuditRecordStore(SqliteRecordsDatabase db)
        : this(db, AuditSearchLimits.Default)
    {
    }

    /// <summary>With other <paramref name="limits"/>, for tests of each plan.</summary>
    internal SqliteAuditRecordStore(SqliteRecordsDatabase db, AuditSearchLimits limits)
        : base(db, SqliteAuditRecordDialect.Instance, limits)
    {
    }
}
