using System.Collections.Concurrent;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>
/// RotateAuditLog's requests, counted per source in the store (the cursor row of consumer <see cref="Consumer"/>), so
/// the node that holds a source's cutter sees a request made on any node; the cutter's state counts the requests it
/// served. The cutter reads the count at once after a request made on its own node, and otherwise at most once per
/// <see cref="CheckInterval"/> per source (on appends and on its tick): a busy stream costs one query a second.
/// </summary>
public sealed class AuditRotateRequests(ISourceStore sources, TimeProvider clock)
{
    public const string Consumer = "audit-files:rotate";
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<long, byte> _madeHere = new();
    private readonly ConcurrentDictionary<long, DateTimeOffset> _lastRead = new();

    /// <summary>Records a request; gives the count of requests the cutter must have served for this one to be done.</summary>
    public async Task<long> RequestAsync(long sourceId, CancellationToken ct)
    {
        // Two requests at once may both write the same count: they ask for the same thing, the open file closed now.
        var count = await CountAsync(sourceId, ct) + 1;
        await sources.SetCursorAsync(sourceId, Consumer, new StreamCursor(count, null), ct: ct);
        _madeHere[sourceId] = 0;
        return count;
    }

    /// <summary>The count of requests made so far, or null when it is not time to read it again.</summary>
    public async Task<long?> RequestedAsync(long sourceId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!_madeHere.TryRemove(sourceId, out _) && _lastRead.TryGetValue(sourceId, out var last) && now - last < CheckInterval)
        {
            return null;
        }

        _lastRead[sourceId] = now;
        return await CountAsync(sourceId, ct);
    }

    private async Task<long> CountAsync(long sourceId, CancellationToken ct) =>
        (await sources.GetCursorAsync(sourceId, Consumer, ct))?.Position ?? 0;
}
