using Dapper;
using DbLogs.Storage.Nodes;

namespace DbLogs.Storage.Sql;

/// <summary><see cref="INodeStore"/> on either store: the statements are the same in SQLite and PostgreSQL.</summary>
internal sealed class SqlNodeStore(IConnectionSource db) : INodeStore
{
    public async Task<IReadOnlyList<string>> BeatAsync(ServiceNode node, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var at = UnixMs.From(now);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO service_nodes (id, address, version, started_at, heartbeat_at) VALUES (@Id, @Address, @Version, @StartedAt, @At)
            ON CONFLICT (id) DO UPDATE SET address = excluded.address, version = excluded.version, heartbeat_at = excluded.heartbeat_at
            """, new { node.Id, node.Address, node.Version, StartedAt = UnixMs.From(node.StartedAt), At = at }, tx, cancellationToken: ct));
        // Only leases that have not run out: an expired one may already be another node's.
        var held = await c.QueryAsync<string>(new CommandDefinition(
            "UPDATE work_leases SET expires_at = @Until WHERE node_id = @Id AND expires_at > @At RETURNING name",
            new { node.Id, At = at, Until = UnixMs.From(now + ttl) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return [.. held];
    }

    public async Task<bool> TryAcquireAsync(string name, string nodeId, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default)
    {
        // The conflicting row is locked while its condition is checked: two nodes taking the same lease cannot both win.
        var taken = await db.ScalarAsync<string?>(
            """
            INSERT INTO work_leases (name, node_id, acquired_at, expires_at) VALUES (@name, @nodeId, @At, @Until)
            ON CONFLICT (name) DO UPDATE SET node_id = excluded.node_id, expires_at = excluded.expires_at,
                acquired_at = CASE WHEN work_leases.node_id = excluded.node_id THEN work_leases.acquired_at ELSE excluded.acquired_at END
            WHERE work_leases.node_id = excluded.node_id OR work_leases.expires_at <= excluded.acquired_at
            RETURNING name
            """, new { name, nodeId, At = UnixMs.From(now), Until = UnixMs.From(now + ttl) }, ct);
        return taken is not null;
    }

    public async Task LeaveAsync(string nodeId, CancellationToken ct = default)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM work_leases WHERE node_id = @nodeId", new { nodeId }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM service_nodes WHERE id = @nodeId", new { nodeId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<string> AgreeAsync(string name, string value, CancellationToken ct = default)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO store_settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING", new { name, value }, cancellationToken: ct));
        return await c.QuerySingleAsync<string>(new CommandDefinition("SELECT value FROM store_settings WHERE name = @name", new { name }, cancellationToken: ct));
    }

    public async Task<(IReadOnlyList<ServiceNode> Nodes, IReadOnlyList<WorkLease> Leases)> ListAsync(DateTimeOffset since, DateTimeOffset now,
        CancellationToken ct = default)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var nodes = await c.QueryAsync<NodeRow>(new CommandDefinition(
            """
            SELECT id AS Id, address AS Address, version AS Version, started_at AS StartedAt, heartbeat_at AS HeartbeatAt
            FROM service_nodes WHERE heartbeat_at >= @Since ORDER BY heartbeat_at DESC, id
            """, new { Since = UnixMs.From(since) }, cancellationToken: ct));
        var leases = await c.QueryAsync<LeaseRow>(new CommandDefinition(
            """
            SELECT name AS Name, node_id AS NodeId, acquired_at AS AcquiredAt, expires_at AS ExpiresAt
            FROM work_leases WHERE expires_at > @Now ORDER BY node_id, name
            """, new { Now = UnixMs.From(now) }, cancellationToken: ct));
        return ([.. nodes.Select(n => n.ToModel())], [.. leases.Select(l => l.ToModel())]);
    }

    private sealed record NodeRow(string Id, string Address, string Version, long StartedAt, long HeartbeatAt)
    {
        public ServiceNode ToModel() => new(Id, Address, Version, UnixMs.To(StartedAt), UnixMs.To(HeartbeatAt));
    }

    private sealed record LeaseRow(string Name, string NodeId, long AcquiredAt, long ExpiresAt)
    {
        public WorkLease ToModel() => new(Name, NodeId, UnixMs.To(AcquiredAt), UnixMs.To(ExpiresAt));
    }
}
