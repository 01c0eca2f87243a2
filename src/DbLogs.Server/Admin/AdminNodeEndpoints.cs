using DbLogs.Server.Nodes;
using DbLogs.Storage.Nodes;

namespace DbLogs.Server.Admin;

/// <summary><c>GET /admin/v1/nodes</c>: the service nodes sharing this store, their last heartbeat and the work leases each holds.</summary>
public static class AdminNodeEndpoints
{
    /// <summary>A node is listed while it beat within this long; it is live while it beat within one lease.</summary>
    public static readonly TimeSpan ListedFor = TimeSpan.FromHours(1);

    public sealed record LeaseView(string Name, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);

    public sealed record NodeView(string Id, string Address, string Version, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Live,
        bool Self, IReadOnlyList<LeaseView> Leases);

    public static RouteGroupBuilder MapAdminNodes(this RouteGroupBuilder admin)
    {
        admin.MapGet("/nodes", ListNodes);
        return admin;
    }

    private static async Task<IResult> ListNodes(INodeStore store, NodeIdentity self, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (nodes, leases) = await store.ListAsync(now - ListedFor, now, ct);
        var byNode = leases.ToLookup(l => l.NodeId, StringComparer.Ordinal);
        return TypedResults.Ok(nodes.Select(n => new NodeView(n.Id, n.Address, n.Version, n.StartedAt, n.HeartbeatAt,
            n.HeartbeatAt + NodeHeartbeat.LeaseTtl > now, n.Id == self.Id,
            [.. byNode[n.Id].Select(l => new LeaseView(l.Name, l.AcquiredAt, l.ExpiresAt))])));
    }
}
