using System.Globalization;
using System.Text.Json;
using Dapper;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.Logs;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteLogCatalog(SqliteDatabase db) : ILogCatalog
{
    public async Task<PagedResult<RunLogFile>> ListRunLogsAsync(string instanceId, string? replicationId, Page page, CancellationToken ct = default)
    {
        const string Where = "WHERE instance_id = @instanceId AND (@replicationId IS NULL OR replication_id = @replicationId)";
        await using var c = await db.OpenAsync(ct);
        var args = new { instanceId, replicationId, page.Offset, page.Limit };
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COALESCE(SUM(files), 0) FROM run_log_counts {Where}", args, cancellationToken: ct));
        var rows = await c.QueryAsync<RunLogRow>(new CommandDefinition(
            $"""
            SELECT {RunLogColumns} FROM run_log_files {Where}
            ORDER BY day DESC, group_name, replication_id LIMIT @Limit OFFSET @Offset
            """, args, cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }

    public async Task<RunLogFile?> GetRunLogAsync(string instanceId, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<RunLogRow>(new CommandDefinition(
            $"SELECT {RunLogColumns} FROM run_log_files WHERE instance_id = @instanceId AND id = @id", new { instanceId, id }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<PagedResult<RedisSlowEntry>> ListRedisSlowlogAsync(string instanceId, TimeWindow window, RedisSlowSortKey sortKey,
        SortDirection direction, Page page, CancellationToken ct = default)
    {
        const string Where = "WHERE instance_id = @instanceId AND start_time BETWEEN @Start AND @End";
        var column = sortKey == RedisSlowSortKey.Duration ? "duration_us" : "start_time";
        var dir = direction == SortDirection.Ascending ? "ASC" : "DESC";
        await using var c = await db.OpenAsync(ct);
        var args = new { instanceId, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), page.Offset, page.Limit };
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM redis_slowlog {Where}", args, cancellationToken: ct));
        var rows = await c.QueryAsync<RedisSlowRow>(new CommandDefinition(
            $"""
            SELECT entry_id AS EntryId, instance_id AS InstanceId, node_id AS NodeId, shard_name AS ShardName, node_role AS NodeRole,
                   start_time AS StartTime, duration_us AS DurationUs, command, client_ip AS ClientIp, username, database_id AS DatabaseId
            FROM redis_slowlog {Where} ORDER BY {column} {dir}, node_id, run_id, entry_id {dir} LIMIT @Limit OFFSET @Offset
            """, args, cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }

    public async Task<PagedResult<AuditLogFile>> ListAuditLogsAsync(string instanceId, TimeWindow window, Page page, CancellationToken ct = default)
    {
        // begin_time is bounded on both sides (no file is longer than the instance's longest), so the index reads only
        // the files near the window instead of every file that began before its end. Newest first; files that begin at the
        // same time (audit records have whole seconds) in their stream's order, newest first, so pages neither repeat nor skip.
        const string Where = """
            WHERE instance_id = @instanceId AND begin_time <= @End AND end_time >= @Start
              AND begin_time >= @Start - (SELECT MAX(end_time - begin_time) FROM audit_log_files WHERE instance_id = @instanceId)
            """;
        await using var c = await db.OpenAsync(ct);
        var args = new { instanceId, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), page.Offset, page.Limit };
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM audit_log_files {Where}", args, cancellationToken: ct));
        var rows = await c.QueryAsync<AuditRow>(new CommandDefinition(
            $"""
            SELECT {AuditColumns} FROM audit_log_files {Where}
            ORDER BY begin_time DESC, node_id, stream_sequence DESC, id LIMIT @Limit OFFSET @Offset
            """, args, cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }

    public async Task<IReadOnlyList<AuditLogFile>> GetAuditLogsAsync(string instanceId, IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<AuditRow>(new CommandDefinition(
            $"SELECT {AuditColumns} FROM audit_log_files WHERE instance_id = @instanceId AND id IN @ids", new { instanceId, ids }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<AuditPolicy?> GetAuditPolicyAsync(string instanceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<PolicyRow>(new CommandDefinition(
            "SELECT keep_days AS KeepDays, audit_types AS AuditTypes, updated_at AS UpdatedAt FROM audit_policies WHERE instance_id = @instanceId",
            new { instanceId }, cancellationToken: ct));
        return row is null
            ? null
            : new AuditPolicy((int)row.KeepDays, JsonSerializer.Deserialize<string[]>(row.AuditTypes) ?? [], UnixMs.To(row.UpdatedAt));
    }

    public async Task SetAuditPolicyAsync(string instanceId, AuditPolicy policy, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_policies (instance_id, keep_days, audit_types, updated_at) VALUES (@instanceId, @KeepDays, @AuditTypes, @UpdatedAt)
            ON CONFLICT (instance_id) DO UPDATE SET keep_days = excluded.keep_days, audit_types = excluded.audit_types, updated_at = excluded.updated_at
            """,
            new { instanceId, policy.KeepDays, AuditTypes = JsonSerializer.Serialize(policy.AuditTypes), UpdatedAt = UnixMs.From(policy.UpdatedAt) },
            cancellationToken: ct));
    }

    public async Task<PagedResult<ErrorLogEntry>> ListErrorLogsAsync(string instanceId, TimeWindow window, string? level, Page page, CancellationToken ct = default)
    {
        const string Where = "WHERE instance_id = @instanceId AND time BETWEEN @Start AND @End AND (@level IS NULL OR level = @level)";
        await using var c = await db.OpenAsync(ct);
        var args = new { instanceId, level, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), page.Offset, page.Limit };
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM mysql_error_log {Where}", args, cancellationToken: ct));
        var rows = await c.QueryAsync<ErrorRow>(new CommandDefinition(
            $"SELECT time, level, content FROM mysql_error_log {Where} ORDER BY time DESC, seq DESC LIMIT @Limit OFFSET @Offset", args, cancellationToken: ct));
        return new(total, [.. rows.Select(r => new ErrorLogEntry(UnixMs.To(r.Time), r.Level, r.Content))]);
    }

    private const string SlowWhere = "WHERE instance_id = @instanceId AND start_time BETWEEN @Start AND @End AND (@type IS NULL OR type = @type)";

    public async Task<PagedResult<MysqlSlowEntry>> ListMysqlSlowLogsAsync(string instanceId, TimeWindow window, string? type, Page page, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var args = new { instanceId, type, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), page.Offset, page.Limit };
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM mysql_slow_log {SlowWhere}", args, cancellationToken: ct));
        var rows = await c.QueryAsync<SlowRow>(new CommandDefinition(
            $"""
            SELECT start_time AS StartTime, query_time AS QueryTime, lock_time AS LockTime, rows_sent AS RowsSent, rows_examined AS RowsExamined,
                   database, users, client_ip AS ClientIp, query_sample AS QuerySample, type
            FROM mysql_slow_log {SlowWhere} ORDER BY start_time DESC, seq DESC LIMIT @Limit OFFSET @Offset
            """, args, cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }

    public async Task<PagedResult<MysqlSlowStatistic>> ListMysqlSlowStatisticsAsync(string instanceId, TimeWindow window, string? type, bool sortByTime,
        Page page, CancellationToken ct = default)
    {
        var order = sortByTime ? "TotalQueryTime DESC" : "Count DESC";
        await using var c = await db.OpenAsync(ct);
        var args = new { instanceId, type, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End), page.Offset, page.Limit };
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM (SELECT 1 FROM mysql_slow_log {SlowWhere} GROUP BY query_sample, database)", args, cancellationToken: ct));
        if (page.Offset >= total)
        {
            return new(total, []); // an empty aggregate result has untyped columns that the row mapping cannot read
        }

        var rows = await c.QueryAsync<SlowStatRow>(new CommandDefinition(
            $"""
            SELECT COUNT(*) AS Count, SUM(query_time) AS TotalQueryTime, SUM(lock_time) AS TotalLockTime, SUM(rows_sent) AS RowsSent,
                   SUM(rows_examined) AS RowsExamined, database, MAX(users) AS Users, MAX(client_ip) AS ClientIp, query_sample AS QuerySample, MAX(type) AS Type
            FROM mysql_slow_log {SlowWhere} GROUP BY query_sample, database ORDER BY {order}, query_sample LIMIT @Limit OFFSET @Offset
            """, args, cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }

    internal const string RunLogColumns =
        "id, instance_id AS InstanceId, replication_id AS ReplicationId, group_name AS GroupName, replication_ip AS ReplicationIp, day, status, size_bytes AS SizeBytes, collected_at AS CollectedAt";

    private const string AuditColumns =
        "id, instance_id AS InstanceId, node_id AS NodeId, name, size_bytes AS SizeBytes, begin_time AS BeginTime, end_time AS EndTime, stream_sequence AS StreamSequence";

    internal sealed record RunLogRow(string Id, string InstanceId, string ReplicationId, string GroupName, string ReplicationIp, string Day,
        string Status, long SizeBytes, long CollectedAt)
    {
        public RunLogFile ToModel() => new(Id, InstanceId, ReplicationId, GroupName, ReplicationIp,
            DateOnly.ParseExact(Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), Status, SizeBytes, UnixMs.To(CollectedAt));
    }

    private sealed record RedisSlowRow(long EntryId, string InstanceId, string NodeId, string ShardName, string NodeRole, long StartTime,
        long DurationUs, string Command, string ClientIp, string Username, long DatabaseId)
    {
        public RedisSlowEntry ToModel() => new(EntryId, InstanceId, NodeId, ShardName, NodeRole, UnixMs.To(StartTime), DurationUs, Command,
            ClientIp, Username, (int)DatabaseId);
    }

    private sealed record AuditRow(string Id, string InstanceId, string NodeId, string Name, long SizeBytes, long BeginTime, long EndTime,
        long StreamSequence)
    {
        public AuditLogFile ToModel() => new(Id, InstanceId, NodeId, Name, SizeBytes, UnixMs.To(BeginTime), UnixMs.To(EndTime), StreamSequence);
    }

    private sealed record PolicyRow(long KeepDays, string AuditTypes, long UpdatedAt);

    private sealed record ErrorRow(long Time, string Level, string Content);

    private sealed record SlowRow(long StartTime, double QueryTime, double LockTime, long RowsSent, long RowsExamined, string Database,
        string Users, string ClientIp, string QuerySample, string Type)
    {
        public MysqlSlowEntry ToModel() => new(UnixMs.To(StartTime), QueryTime, LockTime, RowsSent, RowsExamined, Database, Users, ClientIp,
            QuerySample, Type);
    }

    private sealed record SlowStatRow(long Count, double TotalQueryTime, double TotalLockTime, long RowsSent, long RowsExamined, string Database,
        string Users, string ClientIp, string QuerySample, string Type)
    {
        public MysqlSlowStatistic ToModel() => new(Count, TotalQueryTime, TotalLockTime, RowsSent, RowsExamined, Database, Users, ClientIp,
            QuerySample, Type);
    }
}
