using System.Collections.Concurrent;
using System.Data.Common;
using DbLogs.Core.Time;
using DbLogs.Storage.Sources;

namespace DbLogs.Server.Ingest;

/// <summary>
/// One collector per source (two would interleave two files in one stream and report each other's files as lost): the
/// first collector to ship a source owns it while it is heard from (batches, or heartbeats every
/// <see cref="RenewEvery"/>); another is refused with the owner named, and takes over once the owner has been silent for
/// <see cref="Lease"/>. Requests without a collector id (no <c>X-DbLogs-Collector</c>) are not checked.
/// </summary>
public sealed class CollectorLeases(ICollectorLeaseStore store, TimeProvider clock)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromMinutes(1);

    /// <summary>The collector embedded in <c>dblogs serve</c> (one per data directory).</summary>
    public const string EmbeddedCollectorId = "dblogs-serve-embedded";

    private readonly ConcurrentDictionary<long, (string Collector, DateTimeOffset Renewed)> _held = new();

    /// <summary>Claims the source for the collector (or only checks, with <paramref name="take"/> false).</summary>
    /// <returns>Null when the collector may write for the source; otherwise why not.</returns>
    public async Task<string?> RefusalAsync(long sourceId, string sourceName, string? collectorId, bool take, CancellationToken ct)
    {
        if (collectorId is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (_held.TryGetValue(sourceId, out var held) && held.Collector == collectorId && now - held.Renewed < RenewEvery)
        {
            return null;
        }

        var owner = await store.ClaimAsync(sourceId, collectorId, now, Lease, take, ct);
        if (owner is null)
        {
            if (take)
            {
                _held[sourceId] = (collectorId, now);
            }

            return null;
        }

        return $"Source {sourceName} of this instance is collected by another collector ({owner.CollectorId}, last heard from " +
            $"{OffsetTime.Format(owner.SeenAt, TimeSpan.Zero)}): two collectors for one source would mix their files in one stream. " +
            $"Stop one of them (check each agent's node ids and paths); a collector silent for {Lease.TotalMinutes:0} minutes is replaced.";
    }

    public Task RenewAsync(string collectorId, CancellationToken ct) => store.RenewAllAsync(collectorId, clock.GetUtcNow(), ct);

    /// <summary>Renews the collector's leases every <see cref="RenewEvery"/> until <paramref name="ct"/> stops it.</summary>
    public async Task KeepAliveAsync(string collectorId, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(RenewEvery, clock);
        try
        {
            do
            {
                try
                {
                    await RenewAsync(collectorId, ct);
                }
                catch (DbException)
                {
                    // The store is unreachable: the next tick renews, well within the lease.
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
