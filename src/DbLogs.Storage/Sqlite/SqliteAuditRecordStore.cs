using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>Audit records in <c>audit_records</c> with the FTS5 trigram index <c>audit_records_fts</c> over their query text.</summary>
public sealed class SqliteAuditRecordStore : AuditRecordSqlStore
{
    public SqliteAuditRecordStore(SqliteDatabase db)
        : this(db, SqliteAuditRecordDialect.DefaultRowsFirstLimit)
    {
    }

    /// <summary>With <paramref name="rowsFirstLimit"/> 0 every keyword search of 3 characters or more uses the trigram index.</summary>
    internal SqliteAuditRecordStore(SqliteDatabase db, int rowsFirstLimit)
        : base(db, new SqliteAuditRecordDialect(rowsFirstLimit))
    {
    }
}
