using DbLogs.Core.Paging;
using DbLogs.Processing.RedisRun;
using DbLogs.Server.Api;
using DbLogs.Server.Downloads;
using DbLogs.Storage.Files;
using DbLogs.Storage.RedisRun;
using DbLogs.Storage.RedisSlowlog;
using DbLogs.Storage.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DbLogs.Server.Dcs;

/// <summary>The "Log Management" group of DCS v2 (spec/dcs-v2-logs.md).</summary>
public static class DcsLogEndpoints
{
    private static readonly DcsFamily Family = DcsFamily.Instance;
    private static readonly string[] LogTypes = ["run"];
    private static readonly string[] SortKeys = ["start_time", "duration"];
    private static readonly string[] SortDirections = ["desc", "asc"];
    private static readonly string[] Roles = ["proxy", "server"];
    private static readonly int[] QueryDays = [0, 1, 3, 7];

    public static IEndpointRouteBuilder MapDcsLogs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapCloudGroup("/v2", Family, "DCS v2 logs").MapInstanceGroup(Family, Engine.Redis, Family.InstanceNotFound);
        group.MapGet("/redislog", ListRedislog).WithName("ListRedislog");
        group.MapPost("/redislog", CreateRedislog).WithName("CreateRedislog");
        group.MapPost("/redislog/{id}/links", CreateRedislogDownloadLink).WithName("CreateRedislogDownloadLink");
        group.MapGet("/slowlog", ListSlowlog).WithName("ListSlowlog");
        return routes;
    }

    [EndpointSummary("Lists the run log files collected for the instance, one per node and day (204 when there are none).")]
    private static async Task<Results<Ok<ListRedislogResponse>, NoContentJsonResult, ApiErrorResult>> ListRedislog(
        HttpContext context, IRedisRunStore runLogs, IRegistryStore store)
    {
        var instance = context.GetInstance();

        var q = new QueryParams(context.Request.Query, Family);
        var offset = q.Int("offset", 0, int.MaxValue, 0);
        var limit = q.Int("limit", 1, 1000, 10);
        q.OneOf("log_type", LogTypes, null, required: true);
        var replicationId = q.OptionalId("replication_id");
        if (q.Error is not null)
        {
            return Family.Result(q.Error);
        }

        if (replicationId is not null && !(await store.ListNodesAsync(instance.Id, context.RequestAborted)).Any(n => n.Id == replicationId))
        {
            return Family.Result(DcsFamily.IncorrectNodeId);
        }

        var page = await runLogs.ListAsync(instance.Id, replicationId, new Page(offset, limit), context.RequestAborted);
        if (page.Total == 0)
        {
            return new NoContentJsonResult();
        }

        return TypedResults.Ok(new ListRedislogResponse(page.Total, [.. page.Items.Select(f => f.ToItem())]));
    }

    [EndpointSummary("Collects a node's run log of the last 1, 3 or 7 days, or of today.")]
    private static async Task<Results<NoContent, ApiErrorResult>> CreateRedislog(HttpContext context, IRegistryStore store, RunLogJobs jobs)
    {
        var instance = context.GetInstance();

        var q = new QueryParams(context.Request.Query, Family);
        var days = q.Int("query_time", 0, 7, 0);
        if (q.Error is null && Array.IndexOf(QueryDays, days) < 0)
        {
            q.Fail(Family.InvalidParameter("query_time"));
        }

        q.OneOf("log_type", LogTypes, null, required: true);
        var replicationId = q.OptionalId("replication_id");
        if (q.Error is not null)
        {
            return Family.Result(q.Error);
        }

        var nodes = await store.ListNodesAsync(instance.Id, context.RequestAborted);
        if (replicationId is null && nodes.Count != 1)
        {
            return Family.Result(Family.InvalidParameter("replication_id"));
        }

        var node = replicationId is null ? nodes[0] : nodes.FirstOrDefault(n => n.Id == replicationId);
        if (node is null)
        {
            return Family.Result(DcsFamily.IncorrectNodeId);
        }

        await jobs.QueueAsync(node, days, context.RequestAborted);
        return TypedResults.NoContent();
    }

    [EndpointSummary("Gives a download link, valid for 24 hours, to a collected run log file.")]
    private static async Task<Results<Ok<RedislogLinkResponse>, ApiErrorResult>> CreateRedislogDownloadLink(
        HttpContext context, string id, IRedisRunStore runLogs, DownloadLinks links, ICollectedFiles files)
    {
        var instance = context.GetInstance();

        var file = id.Length <= 128 ? await runLogs.GetAsync(instance.Id, id, context.RequestAborted) : null;
        // A day being collected for the first time, or whose collection failed, has no file to link to yet.
        if (file is null || (file.Status != RunLogStatus.Succeed && !await files.ExistsAsync(DownloadAreas.RunLog, file.Id, context.RequestAborted)))
        {
            return Family.Result(Family.RouteNotFound);
        }

        var link = links.Create(context.Request, DownloadAreas.RunLog, file.Id, RunLogFileName.For(file.ReplicationIp, file.Day), TimeSpan.FromHours(24));
        return TypedResults.Ok(new RedislogLinkResponse(file.Id, file.Id, link));
    }

    [EndpointSummary("Lists the instance's slow queries in a time window, by start time or duration.")]
    private static async Task<Results<Ok<ListSlowlogResponse>, ApiErrorResult>> ListSlowlog(HttpContext context, IRedisSlowlogStore slowlog)
    {
        var instance = context.GetInstance();

        var q = new QueryParams(context.Request.Query, Family);
        var offset = q.Int("offset", 0, int.MaxValue, 0);
        var limit = q.Int("limit", 1, 1000, 10);
        var sortKey = q.OneOf("sort_key", SortKeys, "start_time");
        var sortDir = q.OneOf("sort_dir", SortDirections, "desc");
        var start = q.UnixMilliseconds("start_time");
        var end = q.UnixMilliseconds("end_time");
        q.OneOf("role", Roles, null);
        var window = q.Window("start_time", start, "end_time", end);
        if (q.Error is not null)
        {
            return Family.Result(q.Error);
        }

        var page = await slowlog.ListAsync(instance.Id, window,
            sortKey == "duration" ? RedisSlowSortKey.Duration : RedisSlowSortKey.StartTime,
            sortDir == "asc" ? SortDirection.Ascending : SortDirection.Descending,
            new Page(offset, limit), context.RequestAborted);
        return TypedResults.Ok(new ListSlowlogResponse(page.Total, page.Items.Count, [.. page.Items.Select(e => e.ToItem())]));
    }
}
