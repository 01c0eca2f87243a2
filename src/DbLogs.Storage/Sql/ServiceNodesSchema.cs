namespace DbLogs.Storage.Sql;

/// <summary>The service nodes, their work leases and the settings they must agree on: one migration step, the same text on both stores. Times are UTC Unix milliseconds.</summary>
internal static class ServiceNodesSchema
{
    public const string Sql = """
        CREATE TABLE service_nodes (
            id TEXT PRIMARY KEY,
            address TEXT NOT NULL,
            version TEXT NOT NULL,
            started_at BIGINT NOT NULL,
            heartbeat_at BIGINT NOT NULL
        );
        CREATE TABLE work_leases (
            name TEXT PRIMARY KEY,
            node_id TEXT NOT NULL,
            acquired_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        );
        CREATE INDEX work_leases_node ON work_leases(node_id);
        CREATE TABLE store_settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """;
}
