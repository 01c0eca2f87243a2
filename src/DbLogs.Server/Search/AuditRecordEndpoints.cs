using DbLogs.Core.Time;
using DbLogs.Server.Api;
using DbLogs.Server.Rds;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DbLogs.Server.Search;

/// <summary>
/// DbLogs' own routes, under <c>/dblogs/v1/{project_id}</c>: authenticated and scoped like the cloud routes, with errors in
/// the RDS family's format. The audit record search is for MySQL-family instances.
/// </summary>
public static class AuditRecordEndpoints
{
    public const string Prefix = "/dblogs/v1";
    private static readonly RdsFamily Family = RdsFamily.Instance;

    public static RouteGroupBuilder MapDbLogsGroup(this IEndpointRouteBuilder routes) => routes.MapCloudGroup(Prefix, Family, "DbLogs v1");

    public static RouteGroupBuilder MapAuditRecords(this RouteGroupBuilder projectGroup)
    {
        projectGroup.MapInstanceGroup(Family, Engine.Mysql, RdsFamily.EngineNotSupported)
            .MapGet("/audit-records", SearchAuditRecords).WithName("SearchAuditRecords");
        return projectGroup;
    }

    [EndpointSummary("Searches the instance's audit records in a window of at most 31 days, newest first.")]
    private static async Task<Results<Ok<AuditRecordsResponse>, ApiErrorResult>> SearchAuditRecords(HttpContext context, IAuditRecordStore records)
    {
        var instance = context.GetInstance();
        var (query, page, error) = AuditRecordRequest.Read(context.Request.Query, instance.Id, Family);
        if (error is not null)
        {
            return Family.Result(error);
        }

        var found = await records.SearchAsync(query!, page, context.RequestAborted);
        return TypedResults.Ok(new AuditRecordsResponse(found.Total, [.. found.Items.Select(ToItem)]));
    }

    private static AuditRecordItem ToItem(AuditRecordHit hit)
    {
        var r = hit.Record;
        return new AuditRecordItem(hit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), OffsetTime.Format(r.Time, TimeSpan.Zero),
            OffsetTime.Format(r.Time, TimeSpan.FromMinutes(r.ZoneOffsetMinutes)), hit.NodeId, r.ServerHost, r.User, r.Host, r.ConnectionId, r.QueryId,
            r.Operation, r.StatementClass, r.Database, r.Object, r.Query, r.ReturnCode, hit.AuditFileId);
    }
}
