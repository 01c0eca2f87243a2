using System.Collections.Concurrent;
using DbLogs.Storage.Nodes;

namespace DbLogs.Server.Nodes;

/// <summary>
/// What background work this node may do now: <see cref="HoldAsync"/> takes a named lease in the store (or confirms
/// one held and renewed by the heartbeat) and answers whether this node owns the work, so among the nodes sharing a
/// store exactly one does each piece at a time.
/// </summary>
public sealed class WorkLeases(INodeStore store, NodeIdentity node, TimeProvider clock) : IWorkLeases
{
    // Held leases and when they run out, as this node last renewed them.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _held = new(StringComparer.Ordinal);

    public TimeSpan Ttl => NodeHeartbeat.LeaseTtl;

    public async Task<bool> HoldAsync(string name, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // A margin of one beat: a lease about to lapse is taken again in the store rather than trusted.
        if (_held.TryGetValue(name, out var until) && until - NodeHeartbeat.Interval > now)
        {
            return true;
        }

        if (await store.TryAcquireAsync(name, node.Id, now, NodeHeartbeat.LeaseTtl, ct))
        {
            _held[name] = now + NodeHeartbeat.LeaseTtl;
            return true;
        }

        _held.TryRemove(name, out _);
        return false;
    }

    public CursorFence Fence(string name) => new(name, node.Id, clock);

    public void Lost(string name) => _held.TryRemove(name, out _);

    /// <summary>The heartbeat's renewal: these are held until <paramref name="until"/>; any other this node thought it held is lost.</summary>
    public void Renewed(IReadOnlyList<string> held, DateTimeOffset until)
    {
        var renewed = held.ToHashSet(StringComparer.Ordinal);
        foreach (var name in _held.Keys)
        {
            if (!renewed.Contains(name))
            {
                _held.TryRemove(name, out _);
            }
        }

        foreach (var name in renewed)
        {
            _held[name] = until;
        }
    }

    public void DropAll() => _held.Clear();
}
