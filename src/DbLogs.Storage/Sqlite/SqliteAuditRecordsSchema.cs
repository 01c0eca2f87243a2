namespace DbLogs.Storage.Sqlite;

/// <summary>
/// The searchable audit records: one row per server_audit record, its query text in an FTS5 trigram index (substring
/// matches of 3 characters or more); and each audit file's stream range, which tells a record the file it ended up in.
/// </summary>
internal static class SqliteAuditRecordsSchema
{
    public const string Sql =
        """
        ALTER TABLE audit_log_files ADD COLUMN source_id INTEGER;
        ALTER TABLE audit_log_files ADD COLUMN stream_start INTEGER;
        ALTER TABLE audit_log_files ADD COLUMN stream_end INTEGER;
        CREATE INDEX audit_log_files_range ON audit_log_files(source_id, stream_end);
        CREATE TABLE audit_records (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            stream_offset INTEGER NOT NULL,
            time INTEGER NOT NULL,
            zone_offset INTEGER NOT NULL,
            server_host TEXT NOT NULL,
            user TEXT NOT NULL,
            host TEXT NOT NULL,
            connection_id INTEGER NOT NULL,
            query_id INTEGER NOT NULL,
            operation TEXT NOT NULL,
            statement_class TEXT,
            database TEXT NOT NULL,
            object TEXT,
            query TEXT,
            return_code INTEGER
        );
        CREATE UNIQUE INDEX audit_records_origin ON audit_records(source_id, stream_offset);
        CREATE INDEX audit_records_time ON audit_records(source_id, time);
        CREATE INDEX audit_records_user ON audit_records(source_id, user, time);
        CREATE VIRTUAL TABLE audit_records_fts USING fts5(query, content='audit_records', content_rowid='id', tokenize='trigram case_sensitive 0');
        CREATE TRIGGER audit_records_fts_insert AFTER INSERT ON audit_records WHEN NEW.query IS NOT NULL BEGIN
            INSERT INTO audit_records_fts (rowid, query) VALUES (NEW.id, NEW.query);
        END;
        CREATE TRIGGER audit_records_fts_delete AFTER DELETE ON audit_records WHEN OLD.query IS NOT NULL BEGIN
            INSERT INTO audit_records_fts (audit_records_fts, rowid, query) VALUES ('delete', OLD.id, OLD.query);
        END;
        """;
}
