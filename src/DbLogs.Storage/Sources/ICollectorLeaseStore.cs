namespace DbLogs.Storage.Sources;

/// <summary>The collector that owns a source, and when it was last heard from.</summary>
public sealed record CollectorLease(string CollectorId, DateTimeOffset SeenAt);

/// <summary>
/// One collector per source: the first collector to ship a source owns it; another is refused while the owner has been
/// heard from within the lease, and takes over after.
/// </summary>
public interface ICollectorLeaseStore
{
    /// <summary>Claims (or renews) <paramref name="sourceId"/> for <paramref name="collectorId"/>; with <paramref name="take"/> false, only checks.</summary>
    /// <returns>Null when the collector may write for the source; otherwise the owner's lease, which is still running.</returns>
    Task<CollectorLease?> ClaimAsync(long sourceId, string collectorId, DateTimeOffset now, TimeSpan lease, bool take, CancellationToken ct = default);

    /// <summary>Renews every lease of <paramref name="collectorId"/>: it is alive, though it may have had nothing to ship.</summary>
    Task RenewAllAsync(string collectorId, DateTimeOffset now, CancellationToken ct = default);
}
