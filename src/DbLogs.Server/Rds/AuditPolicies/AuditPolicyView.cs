using DbLogs.Core.Time;
using DbLogs.Storage.MariadbAudit;

namespace DbLogs.Server.Rds.AuditPolicies;

/// <summary>
/// What <c>GET …/auditlog-policy</c> shows: the policy the servers actually have, and how the latest change went on each node.
/// keep_days and audit_types are the requested ones once every serving collector applied them, or while no collector serves
/// the instance (nothing contradicts them); otherwise they follow what the collectors saw the servers do: audit on anywhere
/// gives the requested keep_days (DbLogs applies retention itself), or <see cref="UnmanagedKeepDays"/> when no policy
/// was ever set (audit turned on in my.cnf: DbLogs deletes nothing); off or not known to be on gives 0.
/// </summary>
public static class AuditPolicyView
{
    /// <summary>The API's largest keep_days, shown when a server audits without a policy: no retention deletes its files.</summary>
    public const int UnmanagedKeepDays = 732;

    public static (int KeepDays, IReadOnlyList<string> AuditTypes) Effective(AuditPolicyStatus status)
    {
        var desired = status.Desired;
        if (desired is not null && status.Change is AuditPolicyChange.Applied or AuditPolicyChange.NoCollector)
        {
            return (desired.KeepDays, desired.AuditTypes);
        }

        var auditing = status.Nodes.Select(n => n.Observed).FirstOrDefault(o => o?.Logging == "ON");
        if (auditing is null)
        {
            return (0, []);
        }

        var events = auditing.Events ?? string.Empty;
        var keepDays = desired is { KeepDays: > 0 } ? desired.KeepDays : UnmanagedKeepDays;
        return desired is not null && ServerAuditEvents.Same(ServerAuditEvents.FromAuditTypes(desired.AuditTypes), events)
            ? (keepDays, desired.AuditTypes)
            : (keepDays, ServerAuditEvents.ToAuditTypes(events));
    }

    /// <summary>The extra <c>dblogs_apply_status</c> object (SDKs ignore fields their models do not declare).</summary>
    public static PolicyApplyStatus Describe(AuditPolicyStatus status) => new(
        status.Change switch
        {
            AuditPolicyChange.None => "NOT_SET",
            AuditPolicyChange.NoCollector => "NO_COLLECTOR",
            _ => status.Change.ToString().ToUpperInvariant(),
        },
        status.Desired?.Version ?? 0,
        status.FailureReason,
        [.. status.RegisteredNodes.Select(id => DescribeNode(status, id, status.Nodes.FirstOrDefault(n => n.NodeId == id)))]);

    private static NodeApplyStatus DescribeNode(AuditPolicyStatus status, string nodeId, AuditPolicyNodeState? state)
    {
        var observed = state?.Observed;
        var (nodeState, reason) = NodeOutcome(status, state);
        return new NodeApplyStatus(nodeId, nodeState, reason, observed?.Logging, observed?.Events, observed?.Error,
            observed is null ? null : OffsetTime.Format(observed.At, TimeSpan.Zero));
    }

    private static (string State, string? Reason) NodeOutcome(AuditPolicyStatus status, AuditPolicyNodeState? state)
    {
        if (state is null)
        {
            return ("NO_COLLECTOR", "no collector has asked for this node's policy: is `dblogs agent` running on its host, or its socket path right?");
        }

        if (status.Desired is not { } desired)
        {
            return ("NOT_SET", null);
        }

        if (state.ReportedVersion == desired.Version)
        {
            return state.Applied == true ? ("APPLIED", null) : ("FAILED", state.Reason);
        }

        return status.EvaluatedAt - desired.RequestedAt < AuditPolicyService.PendingTimeout
            ? ("PENDING", null)
            : ("FAILED", $"no report within {AuditPolicyService.PendingTimeout.TotalMinutes:0} minutes");
    }
}
