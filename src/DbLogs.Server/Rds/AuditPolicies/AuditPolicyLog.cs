using DbLogs.Core.Logs;
using DbLogs.Storage.MariadbAudit;

namespace DbLogs.Server.Rds.AuditPolicies;

/// <summary>
/// What the service logs about audit policies: a node's outcome and its server's audit state, each only when it changed,
/// so a collector retrying every 30 s does not repeat the same line.
/// </summary>
internal static class AuditPolicyLog
{
    private static readonly string Kind = LogKind.MariadbAudit.Name();

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
            logger.LogInformation("{Instance}/{Node}/{Kind}: audit policy version {Version} is applied", instanceId, nodeId, Kind, version);
        }
        else
        {
            logger.LogWarning("{Instance}/{Node}/{Kind}: audit policy version {Version} was not applied: {Reason}", instanceId, nodeId, Kind,
                version, failure);
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
            logger.LogWarning("{Instance}/{Node}/{Kind}: cannot read the server's audit state: {Error}", instanceId, nodeId, Kind, now.Error);
        }
        else if (before is not null)
        {
            logger.LogInformation("{Instance}/{Node}/{Kind}: the server's audit state can be read again", instanceId, nodeId, Kind);
        }
    }
}
