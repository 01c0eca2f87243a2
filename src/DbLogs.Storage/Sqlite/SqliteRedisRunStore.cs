using System.Data;
using System.Data.Common;
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

    public Task<PagedResult<RunLogFile>> ListAsync(string instanceId, string? replicationId, Page page, CancellationToken ct = default) =>
        db.ReadAsync((statements, token) => ListAsync(statements, instanceId, replicationId, page, token), ct);

    private const string ListWhere = "WHERE instance_id = @instanceId AND (@replicationId IS NULL OR replication_id = @replicationId)";
    private const string ListOrder = $"ORDER BY day DESC, group_name, replication_id {PreparedPage.LimitOffset}";
    private const string ListTotal = $"SELECT (SELECT COALESCE(SUM(files), 0) FROM run_log_counts {ListWhere}), (SELECT version FROM run_log_version)";
    private const string FirstPages = $"SELECT {RunLogRow.ListColumns} FROM run_log_files {ListWhere} {ListOrder}";

    // A deep page seeks from the bookmark before it and steps over fewer than a stride of entries.
    private const string DeepPage = $"""
        SELECT {RunLogRow.ListColumns} FROM run_log_files {ListWhere}
          AND day <= @Day AND (day < @Day OR group_name > @GroupName OR (group_name = @GroupName AND replication_id >= @ReplicationId))
        {ListOrder}
        """;

    private async Task<PagedResult<RunLogFile>> ListAsync(IStatements statements, string instanceId, string? replicationId, Page page,
        CancellationToken ct)
    {
        long total, version;
        await using (var counts = await statements.Command(ListTotal).Set("@instanceId", instanceId).Set("@replicationId", replicationId, DbType.String)
            .ExecuteReaderAsync(ct))
        {
            await counts.ReadAsync(ct);
            (total, version) = (counts.GetInt64(0), counts.GetInt64(1));
        }

        DbCommand list;
        if (page.Offset < RunLogBookmarks.Stride)
        {
            list = statements.Command(FirstPages).Set("@Offset", page.Offset);
        }
        else if (await _bookmarks.BeforeAsync(statements, ListWhere, instanceId, replicationId, version, page.Offset, ct) is { } from)
        {
            list = statements.Command(DeepPage).Set("@Day", from.Day).Set("@GroupName", from.GroupName).Set("@ReplicationId", from.ReplicationId)
                .Set("@Offset", page.Offset % RunLogBookmarks.Stride);
        }
        else
        {
            return new(total, []);
        }

        list.Set("@instanceId", instanceId).Set("@replicationId", replicationId, DbType.String).Set("@Limit", page.Limit);
        return new(total, await list.ReadRowsAsync(row => RunLogRow.Read(row, instanceId), page.Limit, ct));
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
