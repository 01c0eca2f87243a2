namespace DbLogs.Storage.Postgres;

/// <summary>
/// ListSlowLogs and ListAuditlogs at fleet scale, as SQLite's steps <c>SqliteSlowLogHours</c> and <c>SqliteAuditFileHours</c>:
/// rows per instance and hour (slow-log rows also per type), backfilled here and kept by triggers. The triggers are per
/// statement over the transition tables, so a batch (or a COPY) adds to each hour once; hours in the same order every time.
/// </summary>
internal static class PostgresListHours
{
    public static readonly string Sql =
        $$"""
        CREATE TABLE mysql_slow_log_hours (
            instance_id text COLLATE "C" NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
            hour bigint NOT NULL,
            type text COLLATE "C" NOT NULL,
            entries bigint NOT NULL,
            PRIMARY KEY (instance_id, hour, type)
        );
        INSERT INTO mysql_slow_log_hours (instance_id, hour, type, entries)
            SELECT instance_id, start_time / 3600000, type, COUNT(*) FROM mysql_slow_log GROUP BY 1, 2, 3;
        CREATE FUNCTION mysql_slow_log_hours_counted() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                UPDATE mysql_slow_log_hours h SET entries = h.entries - o.n
                FROM (SELECT instance_id, start_time / 3600000 AS hour, type, COUNT(*) AS n FROM old_rows GROUP BY 1, 2, 3) o
                WHERE h.instance_id = o.instance_id AND h.hour = o.hour AND h.type = o.type;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO mysql_slow_log_hours (instance_id, hour, type, entries)
                    SELECT instance_id, start_time / 3600000, type, COUNT(*) FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                ON CONFLICT (instance_id, hour, type) DO UPDATE SET entries = mysql_slow_log_hours.entries + excluded.entries;
            END IF;
            RETURN NULL;
        END
        $body$;
        {{Triggers("mysql_slow_log", "mysql_slow_log_hours")}}
        CREATE INDEX mysql_slow_log_type ON mysql_slow_log(instance_id, type, start_time);

        CREATE TABLE audit_log_file_hours (
            instance_id text COLLATE "C" NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
            hour bigint NOT NULL,
            files bigint NOT NULL,
            PRIMARY KEY (instance_id, hour)
        );
        INSERT INTO audit_log_file_hours (instance_id, hour, files)
            SELECT instance_id, begin_time / 3600000, COUNT(*) FROM audit_log_files GROUP BY 1, 2;
        CREATE FUNCTION audit_log_file_hours_counted() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                UPDATE audit_log_file_hours h SET files = h.files - o.n
                FROM (SELECT instance_id, begin_time / 3600000 AS hour, COUNT(*) AS n FROM old_rows GROUP BY 1, 2) o
                WHERE h.instance_id = o.instance_id AND h.hour = o.hour;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO audit_log_file_hours (instance_id, hour, files)
                    SELECT instance_id, begin_time / 3600000, COUNT(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (instance_id, hour) DO UPDATE SET files = audit_log_file_hours.files + excluded.files;
            END IF;
            RETURN NULL;
        END
        $body$;
        {{Triggers("audit_log_files", "audit_log_file_hours")}}
        CREATE INDEX audit_log_files_inverted ON audit_log_files(instance_id) WHERE end_time < begin_time;
        """;

    // Transition tables allow one event per trigger: three triggers on one function, which reads TG_OP.
    private static string Triggers(string table, string hours) =>
        $"""
        CREATE TRIGGER {hours}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {hours}_counted();
        CREATE TRIGGER {hours}_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {hours}_counted();
        CREATE TRIGGER {hours}_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {hours}_counted();
        """;
}
