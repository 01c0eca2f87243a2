using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

/// <summary>Audit records in <c>audit_records</c> with the pg_trgm GIN index <c>audit_records_query_trgm</c> over their lower-cased query text.</summary>
public sealed class PostgresAuditRecordStore : AuditRecordSqlStore
{
    public PostgresAuditRecordStore(PostgresDatabase db)
        : this(db, AuditSearchLimits.Default)
    {
    }

    /// <summary>With other <paramref name="limits"/>, for tests of each plan.</summary>
    internal PostgresAuditRecordStore(PostgresDatabase db, AuditSearchLimits limits)
        : base(db, PostgresAuditRecordDialect.Instance, limits)
    {
    }
}
