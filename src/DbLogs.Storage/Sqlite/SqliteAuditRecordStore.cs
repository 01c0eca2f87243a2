using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>Audit records in <c>audit_records</c> with the FTS5 trigram index <c>audit_records_fts</c> over their query text.</summary>
public sealed class SqliteAuditRecordStore(SqliteDatabase db) : AuditRecordSqlStore(db, SqliteAuditRecordDialect.Instance);
