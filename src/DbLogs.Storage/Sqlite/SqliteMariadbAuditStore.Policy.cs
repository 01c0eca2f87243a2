using System.Text.Json;
using Dapper;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>The audit policies: desired versions and what the collectors report about each node.</summary>
public sealed partial class SqliteMariadbAuditStore
{
    private const string DesiredColumns =
        "instance_id AS InstanceId, version, keep_days AS KeepDays, audit_types AS AuditTypes, reserve_auditlogs AS ReserveAuditLogs, " +
        "requested_at AS RequestedAt";

    public async Task<DesiredAuditPolicy?> GetDesiredAsync(string instanceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<DesiredPolicyRow>(new CommandDefinition(
            $"SELECT {DesiredColumns} FROM audit_policy_desired WHERE instance_id = @instanceId", new { instanceId }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<DesiredAuditPolicy?> RequestAsync(string instanceId, long expectedVersion, int keepDays, IReadOnlyList<string> auditTypes,
        bool reserveAuditLogs, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var current = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT version FROM audit_policy_desired WHERE instance_id = @instanceId", new { instanceId }, tx, cancellationToken: ct)) ?? 0;
        if (current != expectedVersion)
        {
            return null;
        }

        var args = new
        {
            instanceId,
            Version = current + 1,
            keepDays,
            AuditTypes = JsonSerializer.Serialize(auditTypes),
            Reserve = reserveAuditLogs ? 1 : 0,
            At = UnixMs.From(at),
        };
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_policy_desired (instance_id, version, keep_days, audit_types, reserve_auditlogs, requested_at)
            VALUES (@instanceId, @Version, @keepDays, @AuditTypes, @Reserve, @At)
            ON CONFLICT (instance_id) DO UPDATE SET version = excluded.version, keep_days = excluded.keep_days,
                audit_types = excluded.audit_types, reserve_auditlogs = excluded.reserve_auditlogs, requested_at = excluded.requested_at;
            INSERT INTO audit_policies (instance_id, keep_days, audit_types, updated_at) VALUES (@instanceId, @keepDays, @AuditTypes, @At)
            ON CONFLICT (instance_id) DO UPDATE SET keep_days = excluded.keep_days, audit_types = excluded.audit_types, updated_at = excluded.updated_at;
            """, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new DesiredAuditPolicy(instanceId, args.Version, keepDays, auditTypes, reserveAuditLogs, at);
    }

    public async Task<IReadOnlyList<DesiredAuditPolicy>> ListDesiredAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<DesiredPolicyRow>(new CommandDefinition($"SELECT {DesiredColumns} FROM audit_policy_desired", cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task RecordFetchAsync(string instanceId, string nodeId, long version, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_policy_nodes (instance_id, node_id, fetched_version, fetched_at, reported_version)
            VALUES (@instanceId, @nodeId, @version, @At, 0)
            ON CONFLICT (instance_id, node_id) DO UPDATE SET fetched_version = excluded.fetched_version, fetched_at = excluded.fetched_at
            """, new { instanceId, nodeId, version, At = UnixMs.From(at) }, cancellationToken: ct));
    }

    public async Task RecordReportAsync(string instanceId, string nodeId, long version, bool applied, string? reason, DateTimeOffset at,
        CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_policy_nodes (instance_id, node_id, fetched_version, fetched_at, reported_version, applied, reason, reported_at)
            VALUES (@instanceId, @nodeId, @version, @At, @version, @Applied, @reason, @At)
            ON CONFLICT (instance_id, node_id) DO UPDATE SET reported_version = excluded.reported_version, applied = excluded.applied,
                reason = excluded.reason, reported_at = excluded.reported_at
            """, new { instanceId, nodeId, version, Applied = applied ? 1 : 0, reason, At = UnixMs.From(at) }, cancellationToken: ct));
    }

    public async Task RecordObservationAsync(string instanceId, string nodeId, AuditObservation observation, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_policy_nodes (instance_id, node_id, fetched_version, fetched_at, reported_version, observed_logging, observed_events,
                observe_error, observed_at)
            VALUES (@instanceId, @nodeId, 0, @At, 0, @Logging, @Events, @Error, @At)
            ON CONFLICT (instance_id, node_id) DO UPDATE SET observed_logging = excluded.observed_logging,
                observed_events = excluded.observed_events, observe_error = excluded.observe_error, observed_at = excluded.observed_at
            """, new { instanceId, nodeId, observation.Logging, observation.Events, observation.Error, At = UnixMs.From(observation.At) },
            cancellationToken: ct));
    }

    public async Task<IReadOnlyList<AuditPolicyNodeState>> ListNodeStatesAsync(string instanceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<PolicyNodeRow>(new CommandDefinition(
            """
            SELECT node_id AS NodeId, fetched_version AS FetchedVersion, fetched_at AS FetchedAt, reported_version AS ReportedVersion,
                   applied, reason, reported_at AS ReportedAt, observed_logging AS ObservedLogging, observed_events AS ObservedEvents,
                   observe_error AS ObserveError, observed_at AS ObservedAt
            FROM audit_policy_nodes WHERE instance_id = @instanceId ORDER BY node_id
            """, new { instanceId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }
}
