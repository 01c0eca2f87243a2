using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>Schema steps in order; a step is never edited once released, only followed by new ones. Times are UTC Unix milliseconds.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<string> All { get; } =
    [
        SqliteInitialSchema.Sql,
        """
        CREATE TABLE agent_keys (
            key_hash TEXT PRIMARY KEY,
            instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
            node_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            length INTEGER NOT NULL DEFAULT 0,
            last_time INTEGER,
            last_batch_at INTEGER,
            last_file_path TEXT,
            last_file_size INTEGER,
            last_error TEXT,
            last_error_at INTEGER,
            UNIQUE (instance_id, node_id, kind)
        );
        CREATE TABLE source_files (
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            file_id TEXT NOT NULL,
            path TEXT NOT NULL,
            stream_start INTEGER NOT NULL,
            file_start INTEGER NOT NULL,
            stored_end INTEGER NOT NULL,
            first_seen INTEGER NOT NULL,
            PRIMARY KEY (source_id, file_id)
        );
        CREATE TABLE source_chunks (
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            stream_start INTEGER NOT NULL,
            stream_end INTEGER NOT NULL,
            first_time INTEGER,
            last_time INTEGER,
            PRIMARY KEY (source_id, stream_start)
        );
        CREATE INDEX source_chunks_time ON source_chunks(source_id, last_time);
        CREATE TABLE source_gaps (
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            detected_at INTEGER NOT NULL,
            file_path TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            reason TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE stream_cursors (
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            consumer TEXT NOT NULL,
            position INTEGER NOT NULL,
            state TEXT,
            PRIMARY KEY (source_id, consumer)
        );
        """,
        """
        CREATE TABLE audit_policy_desired (
            instance_id TEXT PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            keep_days INTEGER NOT NULL,
            audit_types TEXT NOT NULL,
            reserve_auditlogs INTEGER NOT NULL,
            requested_at INTEGER NOT NULL
        );
        CREATE TABLE audit_policy_nodes (
            instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
            node_id TEXT NOT NULL,
            fetched_version INTEGER NOT NULL,
            fetched_at INTEGER NOT NULL,
            reported_version INTEGER NOT NULL,
            applied INTEGER,
            reason TEXT,
            reported_at INTEGER,
            PRIMARY KEY (instance_id, node_id)
        );
        """,
        """
        ALTER TABLE mysql_error_log ADD COLUMN node_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE mysql_error_log ADD COLUMN source_id INTEGER;
        ALTER TABLE mysql_error_log ADD COLUMN stream_offset INTEGER;
        CREATE UNIQUE INDEX mysql_error_log_origin ON mysql_error_log(source_id, stream_offset);
        ALTER TABLE mysql_slow_log ADD COLUMN node_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE mysql_slow_log ADD COLUMN source_id INTEGER;
        ALTER TABLE mysql_slow_log ADD COLUMN stream_offset INTEGER;
        CREATE UNIQUE INDEX mysql_slow_log_origin ON mysql_slow_log(source_id, stream_offset);
        """,
        """
        -- Redis restarts its SLOWLOG ids at 0: an entry is (node, run_id, id). Rebuilt to widen the key.
        DROP INDEX redis_slowlog_time;
        ALTER TABLE redis_slowlog RENAME TO redis_slowlog_v1;
        CREATE TABLE redis_slowlog (
            instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
            node_id TEXT NOT NULL,
            run_id TEXT NOT NULL DEFAULT '',
            entry_id INTEGER NOT NULL,
            shard_name TEXT NOT NULL,
            node_role TEXT NOT NULL,
            start_time INTEGER NOT NULL,
            duration_us INTEGER NOT NULL,
            command TEXT NOT NULL,
            client_ip TEXT NOT NULL,
            username TEXT NOT NULL,
            database_id INTEGER NOT NULL,
            PRIMARY KEY (instance_id, node_id, run_id, entry_id)
        );
        INSERT INTO redis_slowlog (instance_id, node_id, entry_id, shard_name, node_role, start_time, duration_us, command, client_ip, username, database_id)
            SELECT instance_id, node_id, entry_id, shard_name, node_role, start_time, duration_us, command, client_ip, username, database_id FROM redis_slowlog_v1;
        DROP TABLE redis_slowlog_v1;
        CREATE INDEX redis_slowlog_time ON redis_slowlog(instance_id, start_time);
        CREATE INDEX redis_slowlog_duration ON redis_slowlog(instance_id, duration_us);
        """,
        """
        -- The longest file of an instance bounds how far before a window's start an overlapping file can begin.
        CREATE INDEX audit_log_files_span ON audit_log_files(instance_id, (end_time - begin_time));
        """,
        """
        -- ListRedislog's total without counting every entry of the instance: kept by triggers, per replica.
        CREATE TABLE run_log_counts (
            instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
            replication_id TEXT NOT NULL,
            files INTEGER NOT NULL,
            PRIMARY KEY (instance_id, replication_id)
        );
        INSERT INTO run_log_counts (instance_id, replication_id, files)
            SELECT instance_id, replication_id, COUNT(*) FROM run_log_files GROUP BY instance_id, replication_id;
        CREATE TRIGGER run_log_files_count_insert AFTER INSERT ON run_log_files BEGIN
            INSERT INTO run_log_counts (instance_id, replication_id, files) VALUES (NEW.instance_id, NEW.replication_id, 1)
            ON CONFLICT (instance_id, replication_id) DO UPDATE SET files = files + 1;
        END;
        CREATE TRIGGER run_log_files_count_delete AFTER DELETE ON run_log_files BEGIN
            UPDATE run_log_counts SET files = files - 1 WHERE instance_id = OLD.instance_id AND replication_id = OLD.replication_id;
        END;
        """,
        """
        -- ListAuditlogs orders files that begin in the same second by their place in the node's audit stream. Files cut
        -- before this step carry that sequence only in their name, {n}_{yyyyMMddHHmmss}_{instance}_Audit_{uuid}.
        ALTER TABLE audit_log_files ADD COLUMN stream_sequence INTEGER NOT NULL DEFAULT 0;
        UPDATE audit_log_files SET stream_sequence = CAST(substr(name, 1, instr(name, '_') - 1) AS INTEGER) WHERE instr(name, '_') > 1;
        DROP INDEX audit_log_files_window;
        CREATE INDEX audit_log_files_list ON audit_log_files(instance_id, begin_time DESC, node_id, stream_sequence DESC, id, end_time);
        """,
        """
        -- What each node's audit plugin was last seen doing, reported by the collector that serves the node.
        ALTER TABLE audit_policy_nodes ADD COLUMN observed_logging TEXT;
        ALTER TABLE audit_policy_nodes ADD COLUMN observed_events TEXT;
        ALTER TABLE audit_policy_nodes ADD COLUMN observe_error TEXT;
        ALTER TABLE audit_policy_nodes ADD COLUMN observed_at INTEGER;
        """,
        """
        -- One collector per source: its owner and when that collector was last heard from (the lease).
        CREATE TABLE source_collectors (
            source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
            collector_id TEXT NOT NULL,
            seen_at INTEGER NOT NULL
        );
        CREATE INDEX source_collectors_collector ON source_collectors(collector_id);
        """,
        """
        -- Bumped by every change to ListRedislog's order: deep pages seek from bookmarks cached under this version.
        CREATE TABLE run_log_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
        INSERT INTO run_log_version (id, version) VALUES (1, 0);
        CREATE TRIGGER run_log_files_version_insert AFTER INSERT ON run_log_files BEGIN UPDATE run_log_version SET version = version + 1; END;
        CREATE TRIGGER run_log_files_version_delete AFTER DELETE ON run_log_files BEGIN UPDATE run_log_version SET version = version + 1; END;
        CREATE TRIGGER run_log_files_version_update AFTER UPDATE OF instance_id, replication_id, group_name, day ON run_log_files
            BEGIN UPDATE run_log_version SET version = version + 1; END;
        """,
        SqliteSlowLogHours.Sql,
        SqliteAuditFileHours.Sql,
        SqliteAuditRecordsSchema.Sql,
        SqliteAuditRecordsMove.Sql,
        SqlitePageIndexes.Sql,
        ServiceNodesSchema.Sql,
        StreamPiecesSchema.Sql,
    ];
}
