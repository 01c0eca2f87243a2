using System.Threading.Channels;
using DbLogs.Collection.Mariadb;
using DbLogs.Processing.MariadbAudit;
using DbLogs.Server.Metrics;
using DbLogs.Server.Secrets;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Rds.AuditPolicies;

/// <summary>
/// Desired audit policies: accepting changes (one at a time per instance), handing each node's policy with its
/// connection to the collector next to it, and recording what that collector reports.
/// </summary>
public sealed class AuditPolicyService(
    IMariadbAuditStore store,
    IRegistryStore registry,
    SecretProtector secrets,
    AuditFileRetention retention,
    TimeProvider clock,
    ServiceMetrics metrics,
    ILogger<AuditPolicyService> logger)
{
    /// <summary>
    /// How long a change waits for its collectors before it counts as failed: a collector polls every 30 s and the
    /// client gives up connecting after 10 s, so two minutes is several missed rounds.
    /// </summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(2);

    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Waits until a change is accepted (wakes the embedded collector early) or <paramref name="timeout"/> passes.</summary>
    public async Task WaitForChangeAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        try
        {
            await _changed.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The interval passed without a change.
        }
    }

    public async Task<AuditPolicyStatus> GetStatusAsync(string instanceId, CancellationToken ct)
    {
        var desired = await store.GetDesiredAsync(instanceId, ct);
        var registered = (await registry.ListNodesAsync(instanceId, ct)).Select(n => n.Id).ToList();
        var states = await store.ListNodeStatesAsync(instanceId, ct);
        var nodes = states.Where(n => registered.Contains(n.NodeId, StringComparer.Ordinal)).ToList();
        var evaluatedAt = clock.GetUtcNow();
        if (desired is null)
        {
            return new AuditPolicyStatus(null, AuditPolicyChange.None, nodes) { RegisteredNodes = registered, EvaluatedAt = evaluatedAt };
        }

        if (nodes.Count == 0)
        {
            return new AuditPolicyStatus(desired, AuditPolicyChange.NoCollector, nodes) { RegisteredNodes = registered, EvaluatedAt = evaluatedAt };
        }

        var status = Evaluate(desired, nodes, evaluatedAt);
        return status with { RegisteredNodes = registered, EvaluatedAt = evaluatedAt };
    }

    private static AuditPolicyStatus Evaluate(DesiredAuditPolicy desired, List<AuditPolicyNodeState> nodes, DateTimeOffset now)
    {
        var reported = nodes.Where(n => n.ReportedVersion == desired.Version).ToList();
        var failed = reported.Where(n => n.Applied != true).Select(n => $"{n.NodeId}: {n.Reason}").ToList();
        if (failed.Count == 0 && reported.Count == nodes.Count)
        {
            return new AuditPolicyStatus(desired, AuditPolicyChange.Applied, nodes);
        }

        if (failed.Count == 0 && now - desired.RequestedAt < PendingTimeout)
        {
            return new AuditPolicyStatus(desired, AuditPolicyChange.Pending, nodes);
        }

        failed.AddRange(nodes.Where(n => n.ReportedVersion != desired.Version)
            .Select(n => $"{n.NodeId}: no report within {PendingTimeout.TotalMinutes:0} minutes"));
        return new AuditPolicyStatus(desired, AuditPolicyChange.Failed, nodes) { FailureReason = string.Join("; ", failed) };
    }

    /// <returns>False when another change is still pending (409 DBS.200011).</returns>
    public async Task<bool> RequestAsync(string instanceId, AuditPolicy policy, bool reserveAuditLogs, CancellationToken ct)
    {
        var status = await GetStatusAsync(instanceId, ct);
        if (status.Change == AuditPolicyChange.Pending)
        {
            return false;
        }

        var stored = await store.RequestAsync(instanceId, status.Desired?.Version ?? 0, policy.KeepDays, policy.AuditTypes, reserveAuditLogs,
            clock.GetUtcNow(), ct);
        if (stored is null)
        {
            return false;
        }

        if (policy.KeepDays == 0 && !reserveAuditLogs)
        {
            await retention.DeleteAsync(instanceId, endedBefore: null, ct);
        }

        _changed.Writer.TryWrite(true);
        return true;
    }

    /// <summary>The node's desired policy and how to reach it; records that a collector serves the node.</summary>
    /// <returns>Version 0 while the instance has no policy (the collector then only reports); null for a node the instance does not have.</returns>
    public async Task<NodeAuditPolicy?> ForNodeAsync(string instanceId, string nodeId, CancellationToken ct)
    {
        var node = (await registry.ListNodesAsync(instanceId, ct)).FirstOrDefault(n => n.Id == nodeId);
        if (node is null)
        {
            return null;
        }

        var desired = await store.GetDesiredAsync(instanceId, ct);
        await store.RecordFetchAsync(instanceId, nodeId, desired?.Version ?? 0, clock.GetUtcNow(), ct);
        var password = node.ProtectedPassword is { } p ? secrets.Unprotect(p) : null;
        var connection = new MariadbConnection(node.Socket, node.Ip, node.Port, node.User, password);
        return desired is null
            ? new NodeAuditPolicy(0, 0, string.Empty, connection)
            : new NodeAuditPolicy(desired.Version, desired.KeepDays, ServerAuditEvents.FromAuditTypes(desired.AuditTypes), connection);
    }

    /// <summary>Records (and logs, when it changed) whether a node applied <paramref name="version"/> and what its server does now.</summary>
    /// <param name="version">0: the collector applied nothing and reports only <paramref name="observed"/>.</param>
    /// <returns>False for a node the instance does not have.</returns>
    public async Task<bool> ReportAsync(string instanceId, string nodeId, long version, string? failure, ServerAuditState? observed,
        CancellationToken ct)
    {
        if (!(await registry.ListNodesAsync(instanceId, ct)).Any(n => n.Id == nodeId))
        {
            return false;
        }

        var previous = (await store.ListNodeStatesAsync(instanceId, ct)).FirstOrDefault(n => n.NodeId == nodeId);
        var now = clock.GetUtcNow();
        if (version > 0)
        {
            await store.RecordReportAsync(instanceId, nodeId, version, failure is null, failure, now, ct);
            metrics.AuditPolicyApplied(failure is null);
            AuditPolicyLog.Outcome(logger, instanceId, nodeId, version, failure, previous);
        }

        if (observed is not null)
        {
            var observation = new AuditObservation(observed.Logging, observed.Events, observed.Error, now);
            await store.RecordObservationAsync(instanceId, nodeId, observation, ct);
            AuditPolicyLog.Observation(logger, instanceId, nodeId, observation, previous?.Observed);
        }

        return true;
    }
}
