using Dapper;
using DbLogs.Storage.Logs;
using DbLogs.Storage.RunLogs;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteRunLogStore(SqliteDatabase db) : IRunLogStore
{
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
                Day = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
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
        var rows = await c.QueryAsync<SqliteLogCatalog.RunLogRow>(new CommandDefinition(
            $"SELECT {SqliteLogCatalog.RunLogColumns} FROM run_log_files WHERE collected_at < @Cutoff AND status <> @Collecting",
            new { Cutoff = UnixMs.From(cutoff), Collecting = RunLogStatus.Collecting }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<int> FailCollectingAsync(DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE run_log_files SET status = @Failed, collected_at = @At WHERE status = @Collecting",
            new { Failed = RunLogStatus.Failed, Collecting = RunLogStatus.Collecting, At = UnixMs.From(at) }, cancellationToken: ct));
    }
}
