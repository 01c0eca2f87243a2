using Dapper;
using DbLogs.Core.Paging;
using DbLogs.Storage.RedisRun;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteRedisRunStore(SqliteDatabase db) : IRedisRunStore
{
    private readonly RunLogBookmarks _bookmarks = new();

    private const string Columns =
        "id, instance_id AS InstanceId, replication_id AS ReplicationId, group_name AS GroupName, replication_ip AS ReplicationIp, day, status, size_bytes AS SizeBytes, collected_at AS CollectedAt";

    public async Task<PagedResult<RunLogFile>> ListAsync(string instanceId, string? replicationId, Page page, CancellationToken ct = default)
    {
        const string Where = "WHERE instance_id = @instanceId AND (@replicationId IS NULL OR replication_id = @replicationId)";
        const string Order = "ORDER BY day DESC, group_name, replication_id LIMIT @Limit OFFSET @Rest";
        await using var c = await db.OpenAsync(ct);
        var (total, version) = await c.QuerySingleAsync<(long, long)>(new CommandDefinition(
            $"SELECT (SELECT COALESCE(SUM(files), 0) FROM run_log_counts {Where}), (SELECT version FROM run_log_version)",
            new { instanceId, replicationId }, cancellationToken: ct));
        if (page.Offset < RunLogBookmarks.Stride)
        {
            var first = await c.QueryAsync<RunLogRow>(new CommandDefinition(
                $"SELECT {Columns} FROM run_log_files {Where} {Order}", new { instanceId, replicationId, page.Limit, Rest = page.Offset }, cancellationToken: ct));
            return new(total, [.. first.Select(r => r.ToModel())]);
        }

        // A deep page seeks from the bookmark before it and steps over fewer than a stride of entries.
        var from = await _bookmarks.BeforeAsync(c, Where, instanceId, replicationId, version, page.Offset, ct);
        if (from is null)
        {
            return new(total, []);
        }

        var rows = await c.QueryAsync<RunLogRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM run_log_files {Where}
              AND day <= @Day AND (day < @Day OR group_name > @GroupName OR (group_name = @GroupName AND replication_id >= @ReplicationId))
            {Order}
            """,
            new { instanceId, replicationId, from.Day, from.GroupName, from.ReplicationId, page.Limit, Rest = page.Offset % RunLogBookmarks.Stride },
            cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }

    public async Task<RunLogFile?> GetAsync(string instanceId, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<RunLogRow>(new CommandDefinition(
            $"SELECT {Columns} FROM run_log_files WHERE instance_id = @instanceId AND id = @id", new { instanceId, id }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<string> BeginAsync(string newId, string instanceId, string replicationId, string groupName, string replicationIp,
        DateOnly day, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<string>(new CommandDefinition(
            """
            INSERT INTO run_log_files (id, instance_id, replication_id, group_name, replication_ip, day, status, size_bytes, collected_at)
            VALUES (@newId, @instanceId, @replicationId, @groupName, @replicationIp, @Day, @Status, 0, @At)
            ON CONFLICT (instance_id, replication_id, day) DO UPDATE SET
                status = excluded.status, group_name = excluded.group_name, replication_ip = excluded.replication_ip,
                collected_at = excluded.collected_at
            RETURNING id
            """,
            new
            {
                newId,
                instanceId,
                replicationId,
                groupName,
                replicationIp,
                Day = RunLogRow.DayText(day),
                Status = RunLogStatus.Collecting,
                At = UnixMs.From(at),
            }, cancellationToken: ct)) ?? newId;
    }

    public async Task FinishAsync(string id, string status, long sizeBytes, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE run_log_files SET status = @status, size_bytes = @sizeBytes, collected_at = @At WHERE id = @id",
            new { id, status, sizeBytes, At = UnixMs.From(at) }, cancellationToken: ct));
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM run_log_files WHERE id = @id", new { id }, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<RunLogFile>> ListCollectedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<RunLogRow>(new CommandDefinition(
            $"SELECT {Columns} FROM run_log_files WHERE collected_at < @Cutoff AND status <> @Collecting",
            new { Cutoff = UnixMs.From(cutoff), Collecting = RunLogStatus.Collecting }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<IReadOnlyList<RunLogFile>> ListCollectingAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<RunLogRow>(new CommandDefinition(
            $"SELECT {Columns} FROM run_log_files WHERE status = @Collecting ORDER BY instance_id, replication_id, day",
            new { Collecting = RunLogStatus.Collecting }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }
}
