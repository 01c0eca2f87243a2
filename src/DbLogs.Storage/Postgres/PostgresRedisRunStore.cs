using Dapper;
using DbLogs.Core.Paging;
using DbLogs.Storage.RedisRun;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

public sealed class PostgresRedisRunStore(PostgresDatabase db) : IRedisRunStore
{
    // The replica as its own condition, not "@replicationId IS NULL OR …", which a generic plan cannot seek by. One
    // replica's entries are ordered by day alone: (instance, replica, day) is unique, so its unique index gives the
    // list's order backwards instead of sorting all the replica's days.
    private static readonly ListStatements InstanceList =
        new("WHERE instance_id = @instanceId", "ORDER BY day DESC, group_name, replication_id LIMIT @Limit OFFSET @Rest");

    private static readonly ListStatements ReplicaList =
        new("WHERE instance_id = @instanceId AND replication_id = @replicationId", "ORDER BY day DESC LIMIT @Limit OFFSET @Rest");

    private readonly RunLogBookmarks _bookmarks = new();

    public async Task<PagedResult<RunLogFile>> ListAsync(string instanceId, string? replicationId, Page page, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var list = replicationId is null ? InstanceList : ReplicaList;
        if (page.Offset < RunLogBookmarks.Stride)
        {
            // A first page needs no bookmark: the totals and the page in one batch, one round trip.
            using var results = await c.QueryMultipleAsync(new CommandDefinition(
                list.FirstPage, new { instanceId, replicationId, page.Limit, Rest = page.Offset }, cancellationToken: ct));
            var (firstTotal, _) = await results.ReadSingleAsync<(long, long)>();
            return new(firstTotal, [.. (await results.ReadAsync<RunLogRow>()).Select(r => r.ToModel())]);
        }

        var (total, version) = await c.QuerySingleAsync<(long, long)>(new CommandDefinition(list.Totals, new { instanceId, replicationId }, cancellationToken: ct));
        // A deep page seeks from the bookmark before it and steps over fewer than a stride of entries.
        await using var statements = new FreshStatements(c);
        var from = await _bookmarks.BeforeAsync(statements, list.Where, instanceId, replicationId, version, page.Offset, ct);
        if (from is null)
        {
            return new(total, []);
        }

        var rows = await c.QueryAsync<RunLogRow>(new CommandDefinition(
            list.DeepPage,
            new { instanceId, replicationId, FromDay = from.Day, FromGroup = from.GroupName, FromReplica = from.ReplicationId, page.Limit, Rest = page.Offset % RunLogBookmarks.Stride },
            cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }

    public Task<RunLogFile?> GetAsync(string instanceId, string id, CancellationToken ct = default) =>
        db.SingleAsync<RunLogRow, RunLogFile>($"SELECT {RunLogRow.Columns} FROM run_log_files WHERE instance_id = @instanceId AND id = @id",
            new { instanceId, id }, r => r.ToModel(), ct);

    public async Task<string> BeginAsync(string newId, string instanceId, string replicationId, string groupName, string replicationIp,
        DateOnly day, DateTimeOffset at, CancellationToken ct = default) =>
        await db.ScalarAsync<string>(
            """
            INSERT INTO run_log_files (id, instance_id, replication_id, group_name, replication_ip, day, status, size_bytes, collected_at)
            VALUES (@newId, @instanceId, @replicationId, @groupName, @replicationIp, @Day, @Status, 0, @At)
            ON CONFLICT (instance_id, replication_id, day) DO UPDATE SET status = excluded.status, group_name = excluded.group_name,
                replication_ip = excluded.replication_ip, collected_at = excluded.collected_at
            RETURNING id
            """,
            new { newId, instanceId, replicationId, groupName, replicationIp, Day = RunLogRow.DayText(day), Status = RunLogStatus.Collecting, At = UnixMs.From(at) },
            ct) ?? newId;

    public Task FinishAsync(string id, string status, long sizeBytes, DateTimeOffset at, CancellationToken ct = default) =>
        db.RunAsync("UPDATE run_log_files SET status = @status, size_bytes = @sizeBytes, collected_at = @At WHERE id = @id",
            new { id, status, sizeBytes, At = UnixMs.From(at) }, ct);

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default) =>
        await db.RunAsync("DELETE FROM run_log_files WHERE id = @id", new { id }, ct) > 0;

    public Task<IReadOnlyList<RunLogFile>> ListCollectedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        db.ListAsync<RunLogRow, RunLogFile>($"SELECT {RunLogRow.Columns} FROM run_log_files WHERE collected_at < @Cutoff AND status <> @Collecting",
            new { Cutoff = UnixMs.From(cutoff), Collecting = RunLogStatus.Collecting }, r => r.ToModel(), ct);

    public Task<IReadOnlyList<RunLogFile>> ListCollectingAsync(CancellationToken ct = default) =>
        db.ListAsync<RunLogRow, RunLogFile>($"SELECT {RunLogRow.Columns} FROM run_log_files WHERE status = @Collecting ORDER BY instance_id, replication_id, day",
            new { Collecting = RunLogStatus.Collecting }, r => r.ToModel(), ct);

    /// <summary>ListRedislog's statements for one filter, built once rather than on every request.</summary>
    private sealed record ListStatements(string Where, string Order)
    {
        // Named apart from @replicationId: PostgreSQL parameters match names without regard to case.
        private const string Seek = "AND day <= @FromDay AND (day < @FromDay OR (group_name, replication_id) >= (@FromGroup, @FromReplica))";

        /// <summary>The total from the per-replica counts the triggers keep (not by counting the instance's entries), and the version.</summary>
        public string Totals { get; } = TotalsOf(Where);

        public string FirstPage { get; } = $"{TotalsOf(Where)};\nSELECT {RunLogRow.Columns} FROM run_log_files {Where} {Order}";

        public string DeepPage { get; } = $"SELECT {RunLogRow.Columns} FROM run_log_files {Where} {Seek} {Order}";

        private static string TotalsOf(string where) =>
            $"SELECT (SELECT COALESCE(SUM(files), 0)::bigint FROM run_log_counts {where}), (SELECT version FROM run_log_version)";
    }
}
