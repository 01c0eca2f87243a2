using DbLogs.Storage.MariadbAudit;

namespace DbLogs.Server.Rds.AuditPolicies;

/// <summary>
/// What the service logs about audit policies: a node's outcome and its server's audit state, each only when it changed,
/// so a collector retrying every 30 s does not repeat the same line.
/// </summary>
internal static class AuditPolicyLog
{
    public static void Outcome(ILogger logger, string instanceId, string nodeId, long version, string? failure, AuditPolicyNodeState? previous)
    {
        var unchanged = previous is not null && previous.ReportedVersion == version && previous.Applied == (failure is null) &&
            previous.Reason == failure;
        if (unchanged)
        {
            return;
        }

        if (failure is null)
        {
            logger.LogInformation("Audit policy version {Version} of instance {Instance} is applied on node {Node}", version, instanceId, nodeId);
        }
        else
        {
            logger.LogWarning("Audit policy version {Version} of instance {Instance} was not applied on node {Node}: {Reason}", version,
                instanceId, nodeId, failure);
        }
    }

    public static void Observation(ILogger logger, string instanceId, string nodeId, AuditObservation now, AuditObservation? before)
    {
        if (now.Error == before?.Error)
        {
            return;
        }

        if (now.Error is not null)
        {
            logger.LogWarning("Cannot read the audit state of instance {Instance} node {Node}: {Error}", instanceId, nodeId, now.Error);
        }
        else if (before is not null)
        {
            logger.LogInformation("The audit state of instance {Instance} node {Node} can be read again", instanceId, nodeId);
        }
    }
}
