using DbLogs.Collection.Mariadb;
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

    /// <summary>A collector's report; <see cref="Version"/> 0 carries only what the server's audit plugin does.</summary>
    public sealed record PolicyReport(string? NodeId, long Version, bool Applied, string? Reason, string? AuditLogging = null,
        string? AuditEvents = null, string? ObserveError = null)
    {
        public ServerAuditState? Observed => AuditLogging is null && ObserveError is null ? null : new(AuditLogging, AuditEvents, ObserveError);

        public bool IsValid => NodeId is { Length: > 0 and <= 64 } && Version >= 0 && (Version > 0 || Observed is not null) &&
            (Applied || Reason is not null || Version == 0) && new[] { Reason, AuditLogging, AuditEvents, ObserveError }.All(t => t is not { Length: > 4096 });
    }

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

        if (report is not { IsValid: true })
        {
            return Family.Result(Family.InvalidParameter("audit policy report"));
        }

        return await policies.ReportAsync(context.AgentInstanceId(), report.NodeId!, report.Version, report.Applied ? null : report.Reason,
            report.Observed, context.RequestAborted)
            ? Results.NoContent()
            : Family.Result(ServiceFamily.NotFound($"Node {report.NodeId} of this instance"));
    }
}
