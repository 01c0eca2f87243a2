using Dapper;
using DbLogs.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Support;

/// <summary>
/// Puts log records straight into the test service's store, standing in for collection (a later part of the
/// pipeline) so the list routes can be checked with data.
/// </summary>
public sealed class LogSeeder(TestApp app)
{
    private SqliteDatabase Db => app.Services.GetRequiredService<SqliteDatabase>();

    public async Task<string> RunLogAsync(string instanceId, string replicationId, string groupName, string ip, DateOnly day, string status = "succeed")
    {
        var id = Guid.NewGuid().ToString("D");
        await using var c = await Db.OpenAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO run_log_files (id, instance_id, replication_id, group_name, replication_ip, day, status, size_bytes, collected_at)
            VALUES (@id, @instanceId, @replicationId, @groupName, @ip, @day, @status, 100, 0)
            """,
            new { id, instanceId, replicationId, groupName, ip, day = day.ToString("yyyy-MM-dd"), status });
        return id;
    }

    public async Task RedisSlowAsync(string instanceId, string nodeId, long entryId, DateTimeOffset start, long durationMicros,
        string command = "DEBUG SLEEP 0.02", string shard = "group-0", string role = "master", string clientIp = "127.0.0.1", string username = "default")
    {
        await using var c = await Db.OpenAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO redis_slowlog (instance_id, node_id, entry_id, shard_name, node_role, start_time, duration_us, command, client_ip, username, database_id)
            VALUES (@instanceId, @nodeId, @entryId, @shard, @role, @start, @durationMicros, @command, @clientIp, @username, 0)
            """,
            new { instanceId, nodeId, entryId, shard, role, start = start.ToUnixTimeMilliseconds(), durationMicros, command, clientIp, username });
    }

    public async Task<string> AuditFileAsync(string instanceId, DateTimeOffset begin, DateTimeOffset end, long sizeBytes = 20973400, string nodeId = "n1",
        long sequence = 1)
    {
        var id = Guid.NewGuid().ToString("N") + "br01";
        var name = $"{sequence}_{begin.UtcDateTime:yyyyMMddHHmmss}_{instanceId}_Audit_{Guid.NewGuid():D}";
        await using var c = await Db.OpenAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO audit_log_files (id, instance_id, node_id, name, size_bytes, begin_time, end_time, stream_sequence)
            VALUES (@id, @instanceId, @nodeId, @name, @sizeBytes, @begin, @end, @sequence)
            """,
            new { id, instanceId, nodeId, name, sizeBytes, begin = begin.ToUnixTimeMilliseconds(), end = end.ToUnixTimeMilliseconds(), sequence });
        return id;
    }

    public async Task ErrorLogAsync(string instanceId, DateTimeOffset time, string level, string content)
    {
        await using var c = await Db.OpenAsync();
        await c.ExecuteAsync(
            "INSERT INTO mysql_error_log (instance_id, time, level, content) VALUES (@instanceId, @time, @level, @content)",
            new { instanceId, time = time.ToUnixTimeMilliseconds(), level, content });
    }

    public async Task MysqlSlowAsync(string instanceId, DateTimeOffset start, double queryTime, string querySample, string type = "SELECT",
        string database = "shop", string users = "app", string clientIp = "192.168.0.1", long rowsSent = 1, long rowsExamined = 10)
    {
        await using var c = await Db.OpenAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO mysql_slow_log (instance_id, start_time, query_time, lock_time, rows_sent, rows_examined, database, users, client_ip, query_sample, type)
            VALUES (@instanceId, @start, @queryTime, 0.0001, @rowsSent, @rowsExamined, @database, @users, @clientIp, @querySample, @type)
            """,
            new { instanceId, start = start.ToUnixTimeMilliseconds(), queryTime, rowsSent, rowsExamined, database, users, clientIp, querySample, type });
    }
}
