namespace DbLogs.Collection.Mariadb;

/// <summary>How a collector learns a node's desired audit policy and reports the outcome (HTTP for agents, in-process for serve).</summary>
public interface IAuditPolicyChannel
{
    /// <returns>The node's policy and connection (<see cref="NodeAuditPolicy.Version"/> 0 while the instance has none); null
    /// from a service that hands out nothing before a policy is set.</returns>
    Task<NodeAuditPolicy?> FetchAsync(string nodeId, CancellationToken ct);

    Task ReportAsync(string nodeId, AuditPolicyOutcome outcome, CancellationToken ct);
}

/// <summary>
/// A collector's report on one node: whether it applied policy <see cref="Version"/> (0: nothing was applied, the report
/// only tells <see cref="Observed"/>), why not (<see cref="Failure"/>), and what the server's audit plugin does now.
/// </summary>
public sealed record AuditPolicyOutcome(long Version, string? Failure, ServerAuditState Observed);
