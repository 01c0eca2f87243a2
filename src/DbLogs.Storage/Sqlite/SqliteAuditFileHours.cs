namespace DbLogs.Storage.Sqlite;

/// <summary>
/// ListAuditlogs at fleet scale: files per instance and hour of begin_time, kept by triggers, give the total of a window
/// and where a deep offset starts without stepping over every file before it. Files that end before they begin (none
/// are cut so; the partial index tells at once) make the list count row by row, as before.
/// </summary>
internal static class SqliteAuditFileHours
{
    public const string Sql =
        """
        CREATE TABLE audit_log_file_hours (
            instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
            hour INTEGER NOT NULL,
            files INTEGER NOT NULL,
            PRIMARY KEY (instance_id, hour)
        ) WITHOUT ROWID;
        INSERT INTO audit_log_file_hours (instance_id, hour, files)
            SELECT instance_id, begin_time / 3600000, COUNT(*) FROM audit_log_files GROUP BY instance_id, begin_time / 3600000;
        CREATE TRIGGER audit_log_file_hours_insert AFTER INSERT ON audit_log_files BEGIN
            INSERT INTO audit_log_file_hours (instance_id, hour, files) VALUES (NEW.instance_id, NEW.begin_time / 3600000, 1)
            ON CONFLICT (instance_id, hour) DO UPDATE SET files = files + 1;
        END;
        CREATE TRIGGER audit_log_file_hours_delete AFTER DELETE ON audit_log_files BEGIN
            UPDATE audit_log_file_hours SET files = files - 1 WHERE instance_id = OLD.instance_id AND hour = OLD.begin_time / 3600000;
        END;
        CREATE TRIGGER audit_log_file_hours_update AFTER UPDATE OF instance_id, begin_time ON audit_log_files BEGIN
            UPDATE audit_log_file_hours SET files = files - 1 WHERE instance_id = OLD.instance_id AND hour = OLD.begin_time / 3600000;
            INSERT INTO audit_log_file_hours (instance_id, hour, files) VALUES (NEW.instance_id, NEW.begin_time / 3600000, 1)
            ON CONFLICT (instance_id, hour) DO UPDATE SET files = files + 1;
        END;
        CREATE INDEX audit_log_files_inverted ON audit_log_files(instance_id) WHERE end_time < begin_time;
        """;
}
