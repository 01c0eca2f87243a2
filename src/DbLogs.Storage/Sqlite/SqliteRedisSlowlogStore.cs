using Dapper;
using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.RedisSlowlog;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteRedisSlowlogStore(SqliteDatabase db) : IRedisSlowlogStore
{
    private const long SortedUpTo = 10_000;

    public async Task<PagedResult<RedisSlowEntry>> ListAsync(string instanceId, TimeWindow window, RedisSlowSortKey sortKey,
        SortDirection direction, Page page, CancellationToken ct = default)
    {
        const string Where = "WHERE instance_id = @instanceId AND start_time BETWEEN @Start AND @End";
        await using var c = await db.OpenAsync(ct);
        var args = new { instanceId, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), page.Offset, page.Limit };
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM redis_slowlog {Where}", args, cancellationToken: ct));
        if (page.Offset >= total)
        {
            return new(total, []);
        }

        // A window of few entries is read from the time index and sorted: the order's index may hold the instance's
        // other entries, millions of them, between the window's.
        var index = total <= SortedUpTo ? "redis_slowlog_time_asc" : SlowlogOrder.IndexName(sortKey, direction);
        var rows = await c.QueryAsync<SlowlogRow>(new CommandDefinition(
            $"""
            SELECT {SlowlogRow.Columns}
            FROM redis_slowlog INDEXED BY {index} {Where} {SlowlogOrder.OrderBy(sortKey, direction)} LIMIT @Limit OFFSET @Offset
            """, args, cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }

    public Task<IReadOnlyList<RedisSlowEntry>> LatestAsync(string instanceId, TimeWindow window, int limit, CancellationToken ct = default) =>
        db.ListAsync<SlowlogRow, RedisSlowEntry>(SlowlogOrder.Latest("redis_slowlog INDEXED BY redis_slowlog_time_desc"),
            new { instanceId, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), limit }, r => r.ToModel(), ct);

    public async Task<int> AddAsync(RedisSlowlogTarget target, IReadOnlyList<RedisSlowlogRecord> entries, long sourceId, DateTimeOffset at,
        CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var added = 0;
        foreach (var entry in entries)
        {
            added += await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO redis_slowlog (instance_id, node_id, run_id, entry_id, shard_name, node_role, start_time, duration_us, command, client_ip, username, database_id)
                VALUES (@InstanceId, @NodeId, @RunId, @EntryId, @ShardName, @NodeRole, @StartTime, @DurationMicros, @Command, @ClientIp, @Username, 0)
                ON CONFLICT DO NOTHING
                """,
                new
                {
                    target.InstanceId,
                    target.NodeId,
                    target.RunId,
                    entry.EntryId,
                    target.ShardName,
                    target.NodeRole,
                    StartTime = UnixMs.From(entry.StartTime),
                    entry.DurationMicros,
                    entry.Command,
                    entry.ClientIp,
                    entry.Username,
                },
                tx, cancellationToken: ct));
        }

        long? lastTime = entries.Count > 0 ? entries.Max(e => UnixMs.From(e.StartTime)) : null;
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE sources SET last_batch_at = @at, last_time = MAX(COALESCE(last_time, @lastTime), COALESCE(@lastTime, last_time)) WHERE id = @sourceId",
            new { sourceId, at = UnixMs.From(at), lastTime }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return added;
    }

    public async Task AddGapOnceAsync(long sourceId, SourceGap gap, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO source_gaps (source_id, detected_at, file_path, bytes, reason)
            SELECT @sourceId, @detectedAt, @FilePath, @Bytes, @Reason
            WHERE NOT EXISTS (SELECT 1 FROM source_gaps WHERE source_id = @sourceId AND file_path = @FilePath)
            """,
            new { sourceId, detectedAt = UnixMs.From(gap.DetectedAt), gap.FilePath, gap.Bytes, gap.Reason }, cancellationToken: ct));
    }
}
