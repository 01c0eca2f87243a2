using DbLogs.Storage.MariadbAudit;

namespace DbLogs.Server.Rds.AuditPolicies;

public enum AuditPolicyChange
{
    /// <summary>No policy was ever set.</summary>
    None,

    /// <summary>Accepted; no collector has fetched a policy for any node of the instance yet, so nothing waits for it.</summary>
    NoCollector,

    /// <summary>A collector that serves a node of the instance has not reported on this version yet (and the timeout has not passed).</summary>
    Pending,
    Applied,

    /// <summary>A node reported a failure, or did not report within <see cref="AuditPolicyService.PendingTimeout"/>.</summary>
    Failed,
}

/// <summary>The latest policy change of an instance and what the collectors said about it.</summary>
public sealed record AuditPolicyStatus(DesiredAuditPolicy? Desired, AuditPolicyChange Change, IReadOnlyList<AuditPolicyNodeState> Nodes)
{
    /// <summary>Why the change failed (each failed node's reason), or null.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The instance's nodes in the registry, whether or not a collector serves them.</summary>
    public IReadOnlyList<string> RegisteredNodes { get; init; } = [];

    public DateTimeOffset EvaluatedAt { get; init; }
}
