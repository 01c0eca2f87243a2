using System.Text.Json;
using Dapper;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.Logs;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteLogCatalog(SqliteDatabase db) : ILogCatalog
{
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

    private const string AuditColumns =
        "id, instance_id AS InstanceId, node_id AS NodeId, name, size_bytes AS SizeBytes, begin_time AS BeginTime, end_time AS EndTime, stream_sequence AS StreamSequence";

    private sealed record AuditRow(string Id, string InstanceId, string NodeId, string Name, long SizeBytes, long BeginTime, long EndTime,
        long StreamSequence)
    {
        public AuditLogFile ToModel() => new(Id, InstanceId, NodeId, Name, SizeBytes, UnixMs.To(BeginTime), UnixMs.To(EndTime), StreamSequence);
    }

    private sealed record PolicyRow(long KeepDays, string AuditTypes, long UpdatedAt);
}
