namespace DbLogs.Storage.Sqlite;

/// <summary>
/// ListSlowLogs at fleet scale: its total without counting every row of a 30-day window (rows per instance, hour of
/// start and statement type, kept by triggers; only the window's partial first and last hours are counted row by row),
/// and an index that serves a type's pages in order.
/// </summary>
internal static class SqliteSlowLogHours
{
    public const string Sql =
        """
        CREATE TABLE mysql_slow_log_hours (
            instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
            hour INTEGER NOT NULL,
            type TEXT NOT NULL,
            entries INTEGER NOT NULL,
            PRIMARY KEY (instance_id, hour, type)
        ) WITHOUT ROWID;
        INSERT INTO mysql_slow_log_hours (instance_id, hour, type, entries)
            SELECT instance_id, start_time / 3600000, type, COUNT(*) FROM mysql_slow_log GROUP BY instance_id, start_time / 3600000, type;
        CREATE TRIGGER mysql_slow_log_hours_insert AFTER INSERT ON mysql_slow_log BEGIN
            INSERT INTO mysql_slow_log_hours (instance_id, hour, type, entries) VALUES (NEW.instance_id, NEW.start_time / 3600000, NEW.type, 1)
            ON CONFLICT (instance_id, hour, type) DO UPDATE SET entries = entries + 1;
        END;
        CREATE TRIGGER mysql_slow_log_hours_delete AFTER DELETE ON mysql_slow_log BEGIN
            UPDATE mysql_slow_log_hours SET entries = entries - 1
            WHERE instance_id = OLD.instance_id AND hour = OLD.start_time / 3600000 AND type = OLD.type;
        END;
        CREATE TRIGGER mysql_slow_log_hours_update AFTER UPDATE OF instance_id, start_time, type ON mysql_slow_log BEGIN
            UPDATE mysql_slow_log_hours SET entries = entries - 1
            WHERE instance_id = OLD.instance_id AND hour = OLD.start_time / 3600000 AND type = OLD.type;
            INSERT INTO mysql_slow_log_hours (instance_id, hour, type, entries) VALUES (NEW.instance_id, NEW.start_time / 3600000, NEW.type, 1)
            ON CONFLICT (instance_id, hour, type) DO UPDATE SET entries = entries + 1;
        END;
        CREATE INDEX mysql_slow_log_type ON mysql_slow_log(instance_id, type, start_time);
        """;
}
