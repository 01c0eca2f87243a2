using Dapper;
using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.RedisSlowlog;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

public sealed class PostgresRedisSlowlogStore(PostgresDatabase db) : IRedisSlowlogStore
{
    private const string Where = "WHERE instance_id = @instanceId AND start_time BETWEEN @Start AND @End";

    /// <summary>
    /// The page's keys first, from an index-only scan of the order's index (the offset's entries are stepped over in the
    /// index, never read from the table), then its rows.
    /// </summary>
    public Task<PagedResult<RedisSlowEntry>> ListAsync(string instanceId, TimeWindow window, RedisSlowSortKey sortKey,
        SortDirection direction, Page page, CancellationToken ct = default)
    {
        var order = SlowlogOrder.OrderBy(sortKey, direction);
        return db.PageAsync<SlowlogRow, RedisSlowEntry>(
            $"""
            SELECT COUNT(*) FROM redis_slowlog {Where};
            SELECT {SlowlogRow.Columns} FROM redis_slowlog WHERE (instance_id, node_id, run_id, entry_id) IN (
                SELECT instance_id, node_id, run_id, entry_id FROM redis_slowlog {Where} {order} LIMIT @Limit OFFSET @Offset)
            {order}
            """,
            new { instanceId, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), page.Offset, page.Limit }, r => r.ToModel(), ct);
    }

    public Task<IReadOnlyList<RedisSlowEntry>> LatestAsync(string instanceId, TimeWindow window, int limit, CancellationToken ct = default) =>
        db.ListAsync<SlowlogRow, RedisSlowEntry>(SlowlogOrder.Latest("redis_slowlog"),
            new { instanceId, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), limit }, r => r.ToModel(), ct);

    public async Task<int> AddAsync(RedisSlowlogTarget target, IReadOnlyList<RedisSlowlogRecord> entries, long sourceId, DateTimeOffset at,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        // One statement: the batch's entries as arrays, the source's mark in the same implicit transaction.
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            WITH added AS (
                INSERT INTO redis_slowlog (instance_id, node_id, run_id, entry_id, shard_name, node_role, start_time, duration_us, command,
                    client_ip, username, database_id)
                SELECT @InstanceId, @NodeId, @RunId, e.entry_id, @ShardName, @NodeRole, e.start_time, e.duration_us, e.command, e.client_ip,
                    e.username, 0
                FROM UNNEST(@EntryIds, @StartTimes, @Durations, @Commands, @ClientIps, @Usernames)
                    AS e(entry_id, start_time, duration_us, command, client_ip, username)
                ON CONFLICT DO NOTHING RETURNING 1),
            fed AS (UPDATE sources SET last_batch_at = @At, last_time = GREATEST(last_time, @LastTime) WHERE id = @SourceId)
            SELECT COUNT(*)::int FROM added
            """,
            SlowlogBatch.From(target, entries, sourceId, at), cancellationToken: ct));
    }

    public Task AddGapOnceAsync(long sourceId, SourceGap gap, CancellationToken ct = default) =>
        db.RunAsync(
            """
            INSERT INTO source_gaps (source_id, detected_at, file_path, bytes, reason)
            SELECT @sourceId, @detectedAt, @FilePath, @Bytes, @Reason
            WHERE NOT EXISTS (SELECT 1 FROM source_gaps WHERE source_id = @sourceId AND file_path = @FilePath)
            """, new { sourceId, detectedAt = UnixMs.From(gap.DetectedAt), gap.FilePath, gap.Bytes, gap.Reason }, ct);
}
