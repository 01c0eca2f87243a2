namespace DbLogs.Storage.Sqlite;

/// <summary>The first schema step: the tables of the first release. Released, so never edited.</summary>
internal static class SqliteInitialSchema
{
    public const string Sql =
            """
            CREATE TABLE projects (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                UNIQUE (project_id, name)
            );
            CREATE TABLE access_keys (
                ak TEXT PRIMARY KEY,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                protected_secret BLOB NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE INDEX access_keys_project ON access_keys(project_id);
            CREATE TABLE tokens (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                expires_at INTEGER NOT NULL
            );
            CREATE INDEX tokens_user ON tokens(user_id);
            CREATE TABLE instances (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                engine TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE INDEX instances_project ON instances(project_id);
            CREATE TABLE nodes (
                instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
                id TEXT NOT NULL,
                shard TEXT,
                ip TEXT NOT NULL,
                port INTEGER NOT NULL,
                role TEXT,
                time_zone TEXT NOT NULL,
                socket TEXT,
                user_name TEXT,
                protected_password BLOB,
                logs TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (instance_id, id)
            );
            CREATE TABLE run_log_files (
                id TEXT PRIMARY KEY,
                instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
                replication_id TEXT NOT NULL,
                group_name TEXT NOT NULL,
                replication_ip TEXT NOT NULL,
                day TEXT NOT NULL,
                status TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                collected_at INTEGER NOT NULL,
                UNIQUE (instance_id, replication_id, day)
            );
            CREATE INDEX run_log_files_list ON run_log_files(instance_id, day DESC, group_name, replication_id);
            CREATE TABLE redis_slowlog (
                instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
                node_id TEXT NOT NULL,
                entry_id INTEGER NOT NULL,
                shard_name TEXT NOT NULL,
                node_role TEXT NOT NULL,
                start_time INTEGER NOT NULL,
                duration_us INTEGER NOT NULL,
                command TEXT NOT NULL,
                client_ip TEXT NOT NULL,
                username TEXT NOT NULL,
                database_id INTEGER NOT NULL,
                PRIMARY KEY (instance_id, node_id, entry_id)
            );
            CREATE INDEX redis_slowlog_time ON redis_slowlog(instance_id, start_time);
            CREATE TABLE audit_log_files (
                id TEXT PRIMARY KEY,
                instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
                node_id TEXT NOT NULL,
                name TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                begin_time INTEGER NOT NULL,
                end_time INTEGER NOT NULL
            );
            CREATE INDEX audit_log_files_window ON audit_log_files(instance_id, begin_time DESC, end_time);
            CREATE TABLE audit_policies (
                instance_id TEXT PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE,
                keep_days INTEGER NOT NULL,
                audit_types TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE TABLE mysql_error_log (
                instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                time INTEGER NOT NULL,
                level TEXT NOT NULL,
                content TEXT NOT NULL
            );
            CREATE INDEX mysql_error_log_time ON mysql_error_log(instance_id, time);
            CREATE TABLE mysql_slow_log (
                instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                start_time INTEGER NOT NULL,
                query_time REAL NOT NULL,
                lock_time REAL NOT NULL,
                rows_sent INTEGER NOT NULL,
                rows_examined INTEGER NOT NULL,
                database TEXT NOT NULL,
                users TEXT NOT NULL,
                client_ip TEXT NOT NULL,
                query_sample TEXT NOT NULL,
                type TEXT NOT NULL
            );
            CREATE INDEX mysql_slow_log_time ON mysql_slow_log(instance_id, start_time);
            """;
}
