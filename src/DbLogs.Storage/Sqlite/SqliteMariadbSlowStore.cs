using Dapper;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbSlow;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteMariadbSlowStore(SqliteDatabase db) : IMariadbSlowStore
{
    private const string Where = "WHERE instance_id = @instanceId AND start_time BETWEEN @Start AND @End AND (@type IS NULL OR type = @type)";

    public async Task<PagedResult<MariadbSlowEntry>> ListAsync(string instanceId, TimeWindow window, string? type, Page page, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await SlowLogList.ListAsync(c, instanceId, window, type, page, ct);
    }

    public async Task<PagedResult<MariadbSlowStatistic>> ListStatisticsAsync(string instanceId, TimeWindow window, string? type, bool sortByTime,
        Page page, CancellationToken ct = default)
    {
        var order = sortByTime ? "TotalQueryTime DESC" : "Count DESC";
        await using var c = await db.OpenAsync(ct);
        var args = new { instanceId, type, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), page.Offset, page.Limit };
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM (SELECT 1 FROM mysql_slow_log {Where} GROUP BY query_sample, database)", args, cancellationToken: ct));
        if (page.Offset >= total)
        {
            return new(total, []); // an empty aggregate result has untyped columns that the row mapping cannot read
        }

        var rows = await c.QueryAsync<SlowStatisticRow>(new CommandDefinition(
            $"""
            SELECT COUNT(*) AS Count, SUM(query_time) AS TotalQueryTime, SUM(lock_time) AS TotalLockTime, SUM(rows_sent) AS RowsSent,
                   SUM(rows_examined) AS RowsExamined, database, MAX(users) AS Users, MAX(client_ip) AS ClientIp, query_sample AS QuerySample, MAX(type) AS Type
            FROM mysql_slow_log {Where} GROUP BY query_sample, database ORDER BY {order}, query_sample LIMIT @Limit OFFSET @Offset
            """, args, cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }

    public Task CommitAsync(long sourceId, string consumer, IReadOnlyList<SlowLogRow> rows, StreamCursor cursor, CursorFence? fence = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return StreamCursorSql.CommitAsync(db,
            """
            INSERT OR IGNORE INTO mysql_slow_log (instance_id, node_id, source_id, stream_offset, start_time, query_time, lock_time, rows_sent,
                rows_examined, database, users, client_ip, query_sample, type)
            VALUES (@InstanceId, @NodeId, @SourceId, @StreamOffset, @StartTime, @QueryTimeSeconds, @LockTimeSeconds, @RowsSent,
                @RowsExamined, @Database, @Users, @ClientIp, @QuerySample, @Type)
            """,
            rows.Select(r => new
            {
                r.InstanceId,
                r.NodeId,
                SourceId = sourceId,
                r.StreamOffset,
                StartTime = UnixMs.From(r.Entry.StartTime),
                r.Entry.QueryTimeSeconds,
                r.Entry.LockTimeSeconds,
                r.Entry.RowsSent,
                r.Entry.RowsExamined,
                r.Entry.Database,
                r.Entry.Users,
                r.Entry.ClientIp,
                r.Entry.QuerySample,
                r.Entry.Type,
            }),
            sourceId, consumer, cursor, fence, ct);
    }
}
