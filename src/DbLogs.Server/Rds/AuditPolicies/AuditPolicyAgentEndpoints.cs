using DbLogs.Server.Api;
using DbLogs.Server.Ingest;

namespace DbLogs.Server.Rds.AuditPolicies;

/// <summary>
/// The agent's audit-policy routes under <c>/ingest/v1</c> (agent-key authenticated by that group): fetch a node's
/// desired policy with its connection, report the outcome. A node of another instance is 404.
/// </summary>
public static class AuditPolicyAgentEndpoints
{
    private static readonly ServiceFamily Family = ServiceFamily.Instance;

    public sealed record PolicyReport(string? NodeId, long Version, bool Applied, string? Reason);

    public static RouteGroupBuilder MapAuditPolicyAgentRoutes(this RouteGroupBuilder ingestGroup)
    {
        ingestGroup.MapGet("/audit-policy", FetchAsync).WithName("IngestAuditPolicy");
        ingestGroup.MapPost("/audit-policy/report", ReportAsync).WithName("IngestAuditPolicyReport");
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

        var (policy, nodeFound) = await policies.ForNodeAsync(instanceId, nodeId, context.RequestAborted);
        if (!nodeFound)
        {
            return Family.Result(ServiceFamily.NotFound($"Node {nodeId} of this instance"));
        }

        return policy is null
            ? Results.NoContent()
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
        var (report, bodyError) = await IngestJson.ReadAsync<PolicyReport>(context, options.MaxApiBodyBytes);
        if (bodyError is not null)
        {
            return Family.Result(bodyError);
        }

        if (report is not { NodeId.Length: > 0 and <= 64, Version: > 0 } || report.Reason?.Length > 4096 || (!report.Applied && report.Reason is null))
        {
            return Family.Result(Family.InvalidParameter("audit policy report"));
        }

        return await policies.ReportAsync(context.AgentInstanceId(), report.NodeId!, report.Version, report.Applied ? null : report.Reason,
            context.RequestAborted)
            ? Results.NoContent()
            : Family.Result(ServiceFamily.NotFound($"Node {report.NodeId} of this instance"));
    }
}
