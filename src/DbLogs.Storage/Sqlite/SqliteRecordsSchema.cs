namespace DbLogs.Storage.Sqlite;

/// <summary>
/// The audit records' file as <see cref="SqliteAuditRecordsSchema"/> had them in the store, and the indexer's cursor beside
/// them. A foreign key cannot reach the store's sources from another file: the rows of a deleted instance's sources stay
/// (searches only ever ask for the sources of their instance, and source ids are never reused).
/// </summary>
internal static class SqliteRecordsSchema
{
    public const string Sql =
        """
        CREATE TABLE audit_records (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL,
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
        CREATE TABLE stream_cursors (
            source_id INTEGER NOT NULL,
            consumer TEXT NOT NULL,
            position INTEGER NOT NULL,
            state TEXT,
            PRIMARY KEY (source_id, consumer)
        );
        """;
}
