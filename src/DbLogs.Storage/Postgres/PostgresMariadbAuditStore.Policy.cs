using System.Text.Json;
using Dapper;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

/// <summary>The audit policies: desired versions and what the collectors report about each node.</summary>
public sealed partial class PostgresMariadbAuditStore
{
    private const string DesiredColumns =
        "instance_id AS InstanceId, version, keep_days AS KeepDays, audit_types AS AuditTypes, reserve_auditlogs::int::bigint AS ReserveAuditLogs, " +
        "requested_at AS RequestedAt";

    public Task<DesiredAuditPolicy?> GetDesiredAsync(string instanceId, CancellationToken ct = default) =>
        db.SingleAsync<DesiredPolicyRow, DesiredAuditPolicy>($"SELECT {DesiredColumns} FROM audit_policy_desired WHERE instance_id = @instanceId",
            new { instanceId }, r => r.ToModel(), ct);

    public async Task<DesiredAuditPolicy?> RequestAsync(string instanceId, long expectedVersion, int keepDays, IReadOnlyList<string> auditTypes,
        bool reserveAuditLogs, DateTimeOffset at, CancellationToken ct = default)
    {
        // The version check and the write are one statement (the row is locked, or the insert conflicts), so of two changes
        // made against the same version one wins and the other gets null, as SQLite's single writer gives.
        var write = expectedVersion == 0
            ? """
              INSERT INTO audit_policy_desired (instance_id, version, keep_days, audit_types, reserve_auditlogs, requested_at)
              VALUES (@instanceId, @Version, @keepDays, @AuditTypes, @Reserve, @At) ON CONFLICT (instance_id) DO NOTHING RETURNING version
              """
            : """
              UPDATE audit_policy_desired SET version = @Version, keep_days = @keepDays, audit_types = @AuditTypes, reserve_auditlogs = @Reserve,
                  requested_at = @At
              WHERE instance_id = @instanceId AND version = @Version - 1 RETURNING version
              """;
        var args = new
        {
            instanceId,
            Version = expectedVersion + 1,
            keepDays,
            AuditTypes = JsonSerializer.Serialize(auditTypes),
            Reserve = reserveAuditLogs,
            At = UnixMs.From(at),
        };
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteScalarAsync<long?>(new CommandDefinition(write, args, tx, cancellationToken: ct)) is null)
        {
            return null;
        }

        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_policies (instance_id, keep_days, audit_types, updated_at) VALUES (@instanceId, @keepDays, @AuditTypes, @At)
            ON CONFLICT (instance_id) DO UPDATE SET keep_days = excluded.keep_days, audit_types = excluded.audit_types, updated_at = excluded.updated_at
            """, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new DesiredAuditPolicy(instanceId, args.Version, keepDays, auditTypes, reserveAuditLogs, at);
    }

    public Task<IReadOnlyList<DesiredAuditPolicy>> ListDesiredAsync(CancellationToken ct = default) =>
        db.ListAsync<DesiredPolicyRow, DesiredAuditPolicy>($"SELECT {DesiredColumns} FROM audit_policy_desired", null, r => r.ToModel(), ct);

    public Task RecordFetchAsync(string instanceId, string nodeId, long version, DateTimeOffset at, CancellationToken ct = default) =>
        db.RunAsync(
            """
            INSERT INTO audit_policy_nodes (instance_id, node_id, fetched_version, fetched_at, reported_version) VALUES (@instanceId, @nodeId, @version, @At, 0)
            ON CONFLICT (instance_id, node_id) DO UPDATE SET fetched_version = excluded.fetched_version, fetched_at = excluded.fetched_at
            """, new { instanceId, nodeId, version, At = UnixMs.From(at) }, ct);

    public Task RecordReportAsync(string instanceId, string nodeId, long version, bool applied, string? reason, DateTimeOffset at,
        CancellationToken ct = default) =>
        db.RunAsync(
            """
            INSERT INTO audit_policy_nodes (instance_id, node_id, fetched_version, fetched_at, reported_version, applied, reason, reported_at)
            VALUES (@instanceId, @nodeId, @version, @At, @version, @applied, @reason, @At)
            ON CONFLICT (instance_id, node_id) DO UPDATE SET reported_version = excluded.reported_version, applied = excluded.applied,
                reason = excluded.reason, reported_at = excluded.reported_at
            """, new { instanceId, nodeId, version, applied, reason, At = UnixMs.From(at) }, ct);

    public Task RecordObservationAsync(string instanceId, string nodeId, AuditObservation observation, CancellationToken ct = default) =>
        db.RunAsync(
            """
            INSERT INTO audit_policy_nodes AS n (instance_id, node_id, fetched_version, fetched_at, reported_version, observed_logging,
                observed_events, observe_error, observed_at)
            VALUES (@instanceId, @nodeId, 0, @At, 0, @Logging, @Events, @Error, @At)
            ON CONFLICT (instance_id, node_id) DO UPDATE SET (observed_logging, observed_events, observe_error, observed_at) =
                (excluded.observed_logging, excluded.observed_events, excluded.observe_error, excluded.observed_at)
            """, new { instanceId, nodeId, observation.Logging, observation.Events, observation.Error, At = UnixMs.From(observation.At) }, ct);

    public Task<IReadOnlyList<AuditPolicyNodeState>> ListNodeStatesAsync(string instanceId, CancellationToken ct = default) =>
        db.ListAsync<PolicyNodeRow, AuditPolicyNodeState>(
            """
            SELECT node_id AS NodeId, fetched_version AS FetchedVersion, fetched_at AS FetchedAt, reported_version AS ReportedVersion,
                   applied::int::bigint AS Applied, reason, reported_at AS ReportedAt, observed_logging AS ObservedLogging,
                   observed_events AS ObservedEvents, observe_error AS ObserveError, observed_at AS ObservedAt
            FROM audit_policy_nodes WHERE instance_id = @instanceId ORDER BY node_id
            """, new { instanceId }, r => r.ToModel(), ct);
}
