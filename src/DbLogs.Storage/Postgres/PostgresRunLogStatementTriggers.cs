namespace DbLogs.Storage.Postgres;

/// <summary>
/// ListRedislog's per-replica counts and version kept per statement over the transition tables instead of per row: a row
/// trigger upserted the count and updated the single version row once per inserted row, so a bulk insert (a migration's
/// COPY, a day's entries for a fleet) rewrote that one row a million times in one transaction. The update trigger (rare:
/// only a change of the listed columns) stays per row.
/// </summary>
internal static class PostgresRunLogStatementTriggers
{
    public const string Sql =
        """
        DROP TRIGGER run_log_files_count ON run_log_files;
        CREATE FUNCTION run_log_files_counted_rows() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
                    RETURN NULL;
                END IF;
                UPDATE run_log_counts c SET files = c.files - o.n
                FROM (SELECT instance_id, replication_id, COUNT(*) AS n FROM old_rows GROUP BY 1, 2) o
                WHERE c.instance_id = o.instance_id AND c.replication_id = o.replication_id;
            ELSE
                IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
                    RETURN NULL;
                END IF;
                INSERT INTO run_log_counts (instance_id, replication_id, files)
                    SELECT instance_id, replication_id, COUNT(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (instance_id, replication_id) DO UPDATE SET files = run_log_counts.files + excluded.files;
            END IF;
            UPDATE run_log_version SET version = version + 1;
            RETURN NULL;
        END
        $body$;
        CREATE TRIGGER run_log_files_count_insert AFTER INSERT ON run_log_files REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION run_log_files_counted_rows();
        CREATE TRIGGER run_log_files_count_delete AFTER DELETE ON run_log_files REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION run_log_files_counted_rows();
        """;
}
