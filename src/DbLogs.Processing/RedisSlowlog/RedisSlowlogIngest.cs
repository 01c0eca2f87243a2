using DbLogs.Core.Ingest;
using DbLogs.Core.Logs;
using DbLogs.Storage.RedisSlowlog;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.RedisSlowlog;

/// <summary>
/// Stores what slowlog pollers ship: entries keyed on (node, run_id, entry id), so a resent batch never duplicates;
/// a missed range as a gap of the node's <c>redis-slowlog</c> source (its <c>bytes</c> count entries), and the
/// poller's last error, both shown by <c>dblogs admin sources</c>.
/// </summary>
public sealed class RedisSlowlogIngest(IRegistryStore registry, ISourceStore sources, IRedisSlowlogStore store, TimeProvider clock)
{
    /// <summary>What <c>username</c> shows for a client that set no name (<c>CLIENT SETNAME</c>): SLOWLOG does not record the ACL user.</summary>
    public const string DefaultUsername = "default";

    /// <returns>How many entries were new, or null when the node is not a Redis node of the instance.</returns>
    public async Task<int?> StoreAsync(string instanceId, SlowlogBatch batch, CancellationToken ct)
    {
        if (await RedisNodeAsync(instanceId, batch.Node, ct) is not { } node)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var source = await sources.GetOrCreateSourceAsync(instanceId, node.Id, LogKind.RedisSlowlog, ct);
        if (batch.Missed is { } missed)
        {
            await store.AddGapOnceAsync(source.Id,
                new SourceGap(now, $"SLOWLOG of {node.Id} (run {batch.RunId}), entries before id {missed.BeforeId}", missed.Count, missed.Reason), ct);
        }

        var rows = batch.Entries.Where(e => e.ClientName != SlowlogEntry.PollerClientName).Select(e => new RedisSlowlogRecord(e.Id, DateTimeOffset.FromUnixTimeSeconds(e.UnixSeconds), e.DurationMicros,
            e.CommandText(), e.Client, e.ClientName.Length > 0 ? e.ClientName : DefaultUsername)).ToList();
        return await store.AddAsync(new RedisSlowlogTarget(instanceId, node.Id, node.Shard!, node.Role ?? "master", batch.RunId), rows, source.Id, now, ct);
    }

    /// <returns>False when the node is not a Redis node of the instance.</returns>
    public async Task<bool> ReportErrorAsync(string instanceId, string nodeId, string? error, CancellationToken ct)
    {
        if (await RedisNodeAsync(instanceId, nodeId, ct) is null)
        {
            return false;
        }

        var source = await sources.GetOrCreateSourceAsync(instanceId, nodeId, LogKind.RedisSlowlog, ct);
        await sources.SetLastErrorAsync(source.Id, error, clock.GetUtcNow(), ct);
        return true;
    }

    private async Task<Node?> RedisNodeAsync(string instanceId, string nodeId, CancellationToken ct) =>
        (await registry.ListNodesAsync(instanceId, ct)).FirstOrDefault(n => n.Id == nodeId && n.Shard is not null);
}
