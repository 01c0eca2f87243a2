namespace DbLogs.Storage.Nodes;

/// <summary>A <c>dblogs serve</c> process, as it last reported itself.</summary>
public sealed record ServiceNode(string Id, string Address, string Version, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt);

/// <summary>A piece of background work (a stream's follower, a sweep, a poll target) that one node owns until it expires.</summary>
public sealed record WorkLease(string Name, string NodeId, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);

/// <summary>
/// The service nodes sharing a store and the work each owns. A node beats every few seconds, which renews its leases; a
/// node that stops beating loses them when they expire, and any other node may then take them.
/// </summary>
public interface INodeStore
{
    /// <summary>Records that <paramref name="node"/> is alive at <paramref name="now"/> and extends its unexpired leases to now + <paramref name="ttl"/>.</summary>
    /// <returns>The names of the leases it still holds.</returns>
    Task<IReadOnlyList<string>> BeatAsync(ServiceNode node, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Takes (or keeps) <paramref name="name"/> for <paramref name="nodeId"/> until now + <paramref name="ttl"/>, unless another node's lease on it runs.</summary>
    Task<bool> TryAcquireAsync(string name, string nodeId, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Gives up every lease of the node and its row: a clean stop, so others take over at once.</summary>
    Task LeaveAsync(string nodeId, CancellationToken ct = default);

    /// <summary>The value every node sharing the store must have for <paramref name="name"/>: the first node's <paramref name="value"/>, recorded.</summary>
    Task<string> AgreeAsync(string name, string value, CancellationToken ct = default);

    /// <summary>Every node heard from since <paramref name="since"/>, newest beat first, and every unexpired lease.</summary>
    Task<(IReadOnlyList<ServiceNode> Nodes, IReadOnlyList<WorkLease> Leases)> ListAsync(DateTimeOffset since, DateTimeOffset now, CancellationToken ct = default);
}
