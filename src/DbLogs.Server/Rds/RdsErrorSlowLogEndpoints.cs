using DbLogs.Core.Paging;
using DbLogs.Server.Api;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.MariadbSlow;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DbLogs.Server.Rds;

/// <summary>The error-log and slow-log routes of RDS v3: page-number paging, UTC times without offset.</summary>
public static class RdsErrorSlowLogEndpoints
{
    private static readonly RdsFamily Family = RdsFamily.Instance;
    private static readonly string[] Levels = ["ALL", "INFO", "LOG", "WARNING", "ERROR", "FATAL", "PANIC", "NOTE"];
    private static readonly string[] StatementTypes = ["INSERT", "UPDATE", "SELECT", "DELETE", "CREATE"];
    private const string AllTypes = "ALL";

    // The SDKs' enum for the statistics call also has ALL (spec/rds-v3-logs.md); ListSlowLogs keeps the documented five.
    private static readonly string[] StatisticsTypes = [AllTypes, .. StatementTypes];
    private static readonly string[] StatisticsSorts = ["executeTime", "count"];
    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(30);
    private const int MaxSlowLogRecords = 2000;

    public static RouteGroupBuilder MapRdsErrorSlowLogs(this RouteGroupBuilder instanceGroup)
    {
        instanceGroup.MapGet("/errorlog", ListErrorLogs).WithName("ListErrorLogs");
        instanceGroup.MapGet("/slowlog", ListSlowLogs).WithName("ListSlowLogs");
        instanceGroup.MapGet("/slowlog/statistics", ListSlowLogStatistics).WithName("ListSlowLogStatistics");
        return instanceGroup;
    }

    [EndpointSummary("Lists the error log's entries in a time window, by level, a page at a time.")]
    private static async Task<Results<Ok<ListErrorLogsResponse>, ApiErrorResult>> ListErrorLogs(HttpContext context, IMariadbErrorStore errorLogs)
    {
        var instance = context.GetInstance();

        var q = new QueryParams(context.Request.Query, Family);
        var window = ReadDates(q, "start_date", "end_date");
        var pageNumber = q.Int("offset", 1, int.MaxValue, 1);
        var limit = q.Int("limit", 1, 100, 10);
        var level = q.OneOf("level", Levels, "ALL", blankMeansDefault: true);
        if (q.Error is not null)
        {
            return Family.Result(q.Error);
        }

        var page = await errorLogs.ListAsync(instance.Id, window, level == "ALL" ? null : level, ToPage(pageNumber, limit),
            context.RequestAborted);
        return TypedResults.Ok(new ListErrorLogsResponse([.. page.Items.Select(e => e.ToItem())], page.Total));
    }

    [EndpointSummary("Lists the slow query log's entries in a time window, by statement type, a page at a time.")]
    private static async Task<Results<Ok<ListSlowLogsResponse>, ApiErrorResult>> ListSlowLogs(HttpContext context, IMariadbSlowStore slowLogs)
    {
        var instance = context.GetInstance();

        var q = new QueryParams(context.Request.Query, Family);
        var window = ReadDates(q, "start_date", "end_date");
        var pageNumber = q.Int("offset", 1, int.MaxValue, 1);
        var limit = q.Int("limit", 1, 100, 10);
        var type = q.OneOf("type", StatementTypes, null, blankMeansDefault: true);
        if (q.Error is null && (long)pageNumber * limit > MaxSlowLogRecords)
        {
            q.Fail(Family.OutOfRange("offset"));
        }

        if (q.Error is not null)
        {
            return Family.Result(q.Error);
        }

        var page = await slowLogs.ListAsync(instance.Id, window, type, ToPage(pageNumber, limit), context.RequestAborted);
        return TypedResults.Ok(new ListSlowLogsResponse([.. page.Items.Select(e => e.ToItem())], page.Total));
    }

    [EndpointSummary("Lists slow queries grouped by statement pattern, by count or execution time.")]
    private static async Task<Results<Ok<SlowLogStatisticsResponse>, ApiErrorResult>> ListSlowLogStatistics(
        HttpContext context, IMariadbSlowStore slowLogs)
    {
        var instance = context.GetInstance();

        var q = new QueryParams(context.Request.Query, Family);
        var pageNumber = q.Int("cur_page", 1, int.MaxValue, 1);
        var perPage = q.Int("per_page", 1, 100, 10);
        var window = ReadDates(q, "start_date", "end_date");
        var type = q.OneOf("type", StatisticsTypes, AllTypes, blankMeansDefault: true);
        var sort = q.OneOf("sort", StatisticsSorts, "count", blankMeansDefault: true);
        if (q.Error is not null)
        {
            return Family.Result(q.Error);
        }

        var page = await slowLogs.ListStatisticsAsync(instance.Id, window, type == AllTypes ? null : type, sort == "executeTime",
            ToPage(pageNumber, perPage), context.RequestAborted);
        return TypedResults.Ok(new SlowLogStatisticsResponse(pageNumber, page.Items.Count, [.. page.Items.Select(s => s.ToItem())], page.Total,
            window.Start.ToUnixTimeMilliseconds(), window.End.ToUnixTimeMilliseconds()));
    }

    private static Core.Time.TimeWindow ReadDates(QueryParams q, string startName, string endName)
    {
        var start = q.OffsetTime(startName);
        var end = q.OffsetTime(endName);
        return q.Window(startName, start, endName, end, MaxSpan);
    }

    /// <summary>These routes number pages from 1; the store skips whole pages.</summary>
    private static Page ToPage(int pageNumber, int limit) => new((int)Math.Min(int.MaxValue, ((long)pageNumber - 1) * limit), limit);
}
