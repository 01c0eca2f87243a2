using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

/// <summary>Audit records in <c>audit_records</c> with the pg_trgm GIN index <c>audit_records_query_trgm</c> over their lower-cased query text.</summary>
public sealed class PostgresAuditRecordStore : AuditRecordSqlStore
{
    public PostgresAuditRecordStore(PostgresDatabase db)
        : this(db, AuditRecordPlanner.DefaultRowsFirstLimit)
    {
    }

    /// <summary>With <paramref name="rowsFirstLimit"/> 0 every keyword search of 3 characters or more may use the trigram index.</summary>
    internal PostgresAuditRecordStore(PostgresDatabase db, int rowsFirstLimit)
        : base(db, PostgresAuditRecordDialect.Instance, rowsFirstLimit)
    {
    }
}
