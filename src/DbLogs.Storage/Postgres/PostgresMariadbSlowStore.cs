using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbSlow;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

public sealed class PostgresMariadbSlowStore(PostgresDatabase db) : IMariadbSlowStore
{
    private const string Where = "WHERE instance_id = @instanceId AND start_time BETWEEN @Start AND @End AND (@type::text IS NULL OR type = @type)";

    public async Task<PagedResult<MariadbSlowEntry>> ListAsync(string instanceId, TimeWindow window, string? type, Page page, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await SlowLogList.ListAsync(c, instanceId, window, type, page, ct);
    }

    public Task<PagedResult<MariadbSlowStatistic>> ListStatisticsAsync(string instanceId, TimeWindow window, string? type, bool sortByTime,
        Page page, CancellationToken ct = default) =>
        db.PageAsync<SlowStatisticRow, MariadbSlowStatistic>(
            $"""
            SELECT COUNT(*) FROM (SELECT 1 FROM mysql_slow_log {Where} GROUP BY query_sample, database) AS statements;
            SELECT COUNT(*) AS Count, SUM(query_time) AS TotalQueryTime, SUM(lock_time) AS TotalLockTime, SUM(rows_sent)::bigint AS RowsSent,
                   SUM(rows_examined)::bigint AS RowsExamined, database, MAX(users) AS Users, MAX(client_ip) AS ClientIp, query_sample AS QuerySample,
                   MAX(type) AS Type
            FROM mysql_slow_log {Where} GROUP BY query_sample, database
            ORDER BY {(sortByTime ? "TotalQueryTime" : "Count")} DESC, query_sample LIMIT @Limit OFFSET @Offset
            """, Args(instanceId, window, type, page), r => r.ToModel(), ct);

    /// <summary>The batch in one statement (its columns as arrays), with the cursor in the same transaction.</summary>
    public Task CommitAsync(long sourceId, string consumer, IReadOnlyList<SlowLogRow> rows, StreamCursor cursor, CursorFence? fence = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return StreamCursorSql.CommitAsync(db,
            """
            INSERT INTO mysql_slow_log (instance_id, node_id, source_id, stream_offset, start_time, query_time, lock_time, rows_sent, rows_examined,
                database, users, client_ip, query_sample, type)
            SELECT r.instance_id, r.node_id, @SourceId, r.stream_offset, r.start_time, r.query_time, r.lock_time, r.rows_sent, r.rows_examined,
                r.database, r.users, r.client_ip, r.query_sample, r.type
            FROM UNNEST(@Instances, @Nodes, @Offsets, @Starts, @QueryTimes, @LockTimes, @Sent, @Examined, @Databases, @Users, @Clients, @Samples, @Types)
                AS r(instance_id, node_id, stream_offset, start_time, query_time, lock_time, rows_sent, rows_examined, database, users, client_ip,
                     query_sample, type)
            ON CONFLICT DO NOTHING
            """,
            SlowBatch.From(sourceId, rows),
            sourceId, consumer, cursor, fence, ct);
    }

    private static object Args(string instanceId, TimeWindow window, string? type, Page page) =>
        new { instanceId, type, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), page.Offset, page.Limit };
}
