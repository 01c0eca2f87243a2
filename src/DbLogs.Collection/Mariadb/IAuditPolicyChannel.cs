namespace DbLogs.Collection.Mariadb;

/// <summary>How a collector learns a node's desired audit policy and reports the outcome (HTTP for agents, in-process for serve).</summary>
public interface IAuditPolicyChannel
{
    /// <returns>Null while the instance has no policy.</returns>
    Task<NodeAuditPolicy?> FetchAsync(string nodeId, CancellationToken ct);

    /// <param name="failure">Null when applied; otherwise why not.</param>
    Task ReportAsync(string nodeId, long version, string? failure, CancellationToken ct);
}
