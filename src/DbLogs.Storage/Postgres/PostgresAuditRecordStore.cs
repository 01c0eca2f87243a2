using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

/// <summary>Audit records in <c>audit_records</c> with the pg_trgm GIN index <c>audit_records_query_trgm</c> over their lower-cased query text.</summary>
public sealed class PostgresAuditRecordStore(PostgresDatabase db) : AuditRecordSqlStore(db, PostgresAuditRecordDialect.Instance);
