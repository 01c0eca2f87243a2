using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;

namespace DbLogs.Storage.RedisSlowlog;

/// <summary>
/// The redis-slowlog kind: polled <c>SLOWLOG</c> entries, stored idempotently keyed on (instance, node, run_id, entry id), and what
/// ListSlowlog reads.
/// </summary>
public interface IRedisSlowlogStore
{
    Task<PagedResult<RedisSlowEntry>> ListAsync(string instanceId, TimeWindow window, RedisSlowSortKey sortKey, SortDirection direction, Page page,
        CancellationToken ct = default);

    /// <summary>The window's newest <paramref name="limit"/> entries, newest first, without counting the window (the console's chart).</summary>
    Task<IReadOnlyList<RedisSlowEntry>> LatestAsync(string instanceId, TimeWindow window, int limit, CancellationToken ct = default);

    /// <summary>
    /// Inserts the entries it does not hold yet and, in the same transaction, marks the source as fed at
    /// <paramref name="at"/>; returns how many were new.
    /// </summary>
    Task<int> AddAsync(RedisSlowlogTarget target, IReadOnlyList<RedisSlowlogRecord> entries, long sourceId, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Records a gap unless the source already has one with the same <see cref="SourceGap.FilePath"/> (a resent report).</summary>
    Task AddGapOnceAsync(long sourceId, SourceGap gap, CancellationToken ct = default);
}

/// <summary>A polled SLOWLOG entry as stored: Redis's own id within the server run, and what the API lists.</summary>
public sealed record RedisSlowlogRecord(long EntryId, DateTimeOffset StartTime, long DurationMicros, string Command, string ClientIp, string Username);

/// <summary>Where a batch of one node's run goes, with the node's shard and role at the time it was stored.</summary>
public sealed record RedisSlowlogTarget(string InstanceId, string NodeId, string ShardName, string NodeRole, string RunId);

/// <summary>One entry of a Redis node's <c>SLOWLOG</c>; <see cref="DurationMicros"/> as Redis reports it.</summary>
public sealed record RedisSlowEntry(
    long Id,
    string InstanceId,
    string NodeId,
    string ShardName,
    string NodeRole,
    DateTimeOffset StartTime,
    long DurationMicros,
    string Command,
    string ClientIp,
    string Username,
    int DatabaseId);

public enum SortDirection
{
    Descending,
    Ascending,
}

public enum RedisSlowSortKey
{
    StartTime,
    Duration,
}
