using System.Text.Json;
using DbLogs.Core.Paging;
using DbLogs.Processing.MariadbAudit;
using DbLogs.Server.Api;
using DbLogs.Server.Downloads;
using DbLogs.Server.Rds.AuditPolicies;
using DbLogs.Storage.Files;
using DbLogs.Storage.MariadbAudit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DbLogs.Server.Rds;

/// <summary>The audit-log routes of RDS v3 (spec/rds-v3-logs.md), available only on MySQL-family instances.</summary>
public static class RdsAuditEndpoints
{
    private static readonly RdsFamily Family = RdsFamily.Instance;
    private const int MaxLinkIds = 50;
    private static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapRdsAudit(this RouteGroupBuilder instanceGroup)
    {
        instanceGroup.MapGet("/auditlog", ListAuditlogs).WithName("ListAuditlogs");
        instanceGroup.MapPost("/auditlog-links", ShowAuditlogDownloadLink).WithName("ShowAuditlogDownloadLink");
        instanceGroup.MapGet("/auditlog-policy", ShowAuditlogPolicy).WithName("ShowAuditlogPolicy");
        instanceGroup.MapPut("/auditlog-policy", SetAuditlogPolicy).WithName("SetAuditlogPolicy");
        instanceGroup.MapPost("/auditlog-rotate", RotateAuditLog).WithName("RotateAuditLog");
        return instanceGroup;
    }

    [EndpointSummary("Lists the instance's closed audit log files in a time window of at most 30 days.")]
    private static async Task<Results<Ok<ListAuditlogsResponse>, ApiErrorResult>> ListAuditlogs(HttpContext context, IMariadbAuditStore auditLogs)
    {
        var instance = context.GetInstance();

        var q = new QueryParams(context.Request.Query, Family);
        var start = q.OffsetTime("start_time");
        var end = q.OffsetTime("end_time");
        var offset = q.Int("offset", 0, int.MaxValue, 0);
        var limit = q.Int("limit", 1, 50, 10);
        var window = q.Window("start_time", start, "end_time", end, TimeSpan.FromDays(30));
        if (q.Error is not null)
        {
            return Family.Result(q.Error);
        }

        var page = await auditLogs.ListFilesAsync(instance.Id, window, new Page(offset, limit), context.RequestAborted);
        return TypedResults.Ok(new ListAuditlogsResponse([.. page.Items.Select(f => f.ToItem(start.Offset))], page.Total));
    }

    [EndpointSummary("Gives download links, valid for 5 minutes, to up to 50 audit log files.")]
    private static async Task<Results<Ok<AuditlogLinksResponse>, ApiErrorResult>> ShowAuditlogDownloadLink(
        HttpContext context, IMariadbAuditStore auditLogs, DbLogsOptions options, DownloadLinks links)
    {
        var instance = context.GetInstance();

        var (body, bodyError) = await JsonBody.ReadObjectAsync(context, Family, options.MaxApiBodyBytes);
        if (bodyError is not null)
        {
            return Family.Result(bodyError);
        }

        if (!body.TryGetProperty("ids", out var idsElement) || idsElement.ValueKind != JsonValueKind.Array)
        {
            return Family.Result(Family.InvalidParameter("ids", "an array of audit log ids is required."));
        }

        var count = idsElement.GetArrayLength();
        if (count is 0 or > MaxLinkIds)
        {
            return Family.Result(Family.OutOfRange("ids"));
        }

        var ids = new List<string>(count);
        foreach (var item in idsElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 and <= 128 } id)
            {
                return Family.Result(Family.InvalidParameter("ids", "every id must be a non-empty string."));
            }

            ids.Add(id);
        }

        var files = (await auditLogs.GetFilesAsync(instance.Id, ids, context.RequestAborted)).ToDictionary(f => f.Id);
        var unknown = ids.FirstOrDefault(id => !files.ContainsKey(id));
        if (unknown is not null)
        {
            return Family.Result(Family.InvalidParameter("ids", $"audit log {unknown} does not exist."));
        }

        return TypedResults.Ok(new AuditlogLinksResponse(
            [.. ids.Select(id => links.Create(context.Request, DownloadAreas.AuditLog, id, files[id].Name, LinkLifetime))]));
    }

    [EndpointSummary("Shows the audit policy in effect on the servers, and how the latest change went on each node.")]
    private static async Task<Ok<AuditlogPolicyResponse>> ShowAuditlogPolicy(HttpContext context, AuditPolicyService policies)
    {
        var instance = context.GetInstance();

        var status = await policies.GetStatusAsync(instance.Id, context.RequestAborted);
        var (keepDays, auditTypes) = AuditPolicyView.Effective(status);
        return TypedResults.Ok(new AuditlogPolicyResponse(keepDays, auditTypes, AuditActionCatalog.AllActionsJson, AuditPolicyView.Describe(status)));
    }

    [EndpointSummary("Sets the audit policy; 0 days turns auditing off.")]
    private static async Task<Results<Ok<PolicyStatusResponse>, ApiErrorResult>> SetAuditlogPolicy(
        HttpContext context, AuditPolicyService policies, DbLogsOptions options, TimeProvider clock)
    {
        var instance = context.GetInstance();

        var (body, bodyError) = await JsonBody.ReadObjectAsync(context, Family, options.MaxApiBodyBytes);
        if (bodyError is not null)
        {
            return Family.Result(bodyError);
        }

        var (policy, policyError) = AuditPolicyRequest.Read(body, Family, clock.GetUtcNow());
        if (policyError is not null)
        {
            return Family.Result(policyError);
        }

        var reserve = !body.TryGetProperty("reserve_auditlogs", out var reserveElement) || reserveElement.ValueKind != JsonValueKind.False;
        return await policies.RequestAsync(instance.Id, policy!, reserve, context.RequestAborted)
            ? TypedResults.Ok(new PolicyStatusResponse("COMPLETED"))
            : Family.Result(RdsFamily.OperationInProgress);
    }

    [EndpointSummary("Closes the open audit log file now, so that it can be listed and downloaded.")]
    private static async Task<Results<Ok<RotateResponse>, ApiErrorResult>> RotateAuditLog(
        HttpContext context, DbLogsOptions options, AuditRotation rotation)
    {
        var instance = context.GetInstance();

        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, bodyError) = await JsonBody.ReadObjectAsync(context, Family, options.MaxApiBodyBytes);
            if (bodyError is not null)
            {
                return Family.Result(bodyError);
            }

            if (body.TryGetProperty("instance_id", out var named) &&
                (named.ValueKind != JsonValueKind.String || named.GetString() != instance.Id))
            {
                return Family.Result(Family.InvalidParameter("instance_id", "it must be the instance in the path."));
            }
        }

        await rotation.RotateAsync(instance.Id, context.RequestAborted);
        return TypedResults.Ok(new RotateResponse(instance.Id));
    }
}
