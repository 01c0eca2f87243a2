using DbLogs.Collection.Mariadb;
using DbLogs.Core.Ingest;
using DbLogs.Server.Api;
using DbLogs.Server.Rds.AuditPolicies;

namespace DbLogs.Server.Ingest;

/// <summary>
/// The agent's audit-policy routes under <c>/ingest/v1</c> (agent-key authenticated by that group): fetch a node's
/// desired policy with its connection, report the outcome. A node of another instance is 404.
/// </summary>
public static class AuditPolicyAgentEndpoints
{
    private static readonly ServiceFamily Family = ServiceFamily.Instance;

    public static RouteGroupBuilder MapAuditPolicyAgentRoutes(this RouteGroupBuilder ingestGroup)
    {
        ingestGroup.MapGet(IngestRoutes.AuditPolicy, FetchAsync).WithName("IngestAuditPolicy");
        ingestGroup.MapPost(IngestRoutes.AuditPolicyReports, ReportAsync).WithName("IngestAuditPolicyReport");
        return ingestGroup;
    }

    private static async Task<IResult> FetchAsync(HttpContext context, AuditPolicyService policies)
    {
        var instanceId = context.AgentInstanceId();
        var query = context.Request.Query;
        if (query["instance_id"].ToString() is { Length: > 0 } named && named != instanceId)
        {
            return Family.Result(Family.ProjectMismatch);
        }

        var nodeId = query["node_id"].ToString();
        if (nodeId.Length is 0 or > 64)
        {
            return Family.Result(Family.InvalidParameter("node_id"));
        }

        var policy = await policies.ForNodeAsync(instanceId, nodeId, context.RequestAborted);
        return policy is null
            ? Family.Result(ServiceFamily.NotFound($"Node {nodeId} of this instance"))
            : TypedResults.Ok(new
            {
                version = policy.Version,
                keep_days = policy.KeepDays,
                server_audit_events = policy.ServerAuditEvents,
                connection = new
                {
                    socket = policy.Connection.Socket,
                    host = policy.Connection.Host,
                    port = policy.Connection.Port,
                    user = policy.Connection.User,
                    password = policy.Connection.Password,
                },
            });
    }

    private static async Task<IResult> ReportAsync(HttpContext context, AuditPolicyService policies, DbLogsOptions options)
    {
        var (report, bodyError) = await IngestJson.ReadAsync<AuditPolicyReport>(context, options.MaxApiBodyBytes);
        if (bodyError is not null)
        {
            return Family.Result(bodyError);
        }

        if (report is null || !IsValid(report))
        {
            return Family.Result(Family.InvalidParameter("audit policy report"));
        }

        return await policies.ReportAsync(context.AgentInstanceId(), report.NodeId, report.Version, report.Applied ? null : report.Reason,
            Observed(report), context.RequestAborted)
            ? Results.NoContent()
            : Family.Result(ServiceFamily.NotFound($"Node {report.NodeId} of this instance"));
    }

    /// <summary>What the node's audit plugin does, when the report says (<see cref="AuditPolicyReport.Version"/> 0 carries only that).</summary>
    private static ServerAuditState? Observed(AuditPolicyReport report) =>
        report.AuditLogging is null && report.ObserveError is null ? null : new(report.AuditLogging, report.AuditEvents, report.ObserveError);

    private static bool IsValid(AuditPolicyReport report) =>
        report.NodeId is { Length: > 0 and <= 64 } && report.Version >= 0 && (report.Version > 0 || Observed(report) is not null) &&
        (report.Applied || report.Reason is not null || report.Version == 0) &&
        new[] { report.Reason, report.AuditLogging, report.AuditEvents, report.ObserveError }.All(t => t is not { Length: > 4096 });
}
