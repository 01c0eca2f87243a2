using System.Globalization;

namespace DbLogs.Bench.Pages;

/// <summary>
/// The requests timed, 50 entries a page: the console's Redis slow-log and MySQL error-log pages (a session cookie) and
/// the cloud routes behind them (a token), first and deep pages, by duration and by level; /health/ready is the baseline.
/// </summary>
internal static class PagesRoutes
{
    public const string Baseline = "GET /health/ready (baseline)";

    public static (string Name, string Path, bool Console)[] All()
    {
        var slowlog = $"v2/{BenchService.ProjectId}/instances/{PagesShape.RedisId}/slowlog?start_time={PagesShape.Start.ToUnixTimeMilliseconds()}" +
                      $"&end_time={PagesShape.End.ToUnixTimeMilliseconds()}&limit=50";
        var errorLog = $"v3/{BenchService.ProjectId}/instances/{PagesShape.MysqlId}/errorlog?start_date={Format(PagesShape.Start)}" +
                       $"&end_date={Format(PagesShape.End)}&limit=50";
        var range = $"range=custom&from={Input(PagesShape.Start)}&to={Input(PagesShape.End)}";
        var redisPage = $"console/redis/{PagesShape.RedisId}/slowlog?{range}";
        var errorPage = $"console/mysql/{PagesShape.MysqlId}/errorlog?{range}";
        return
        [
            (Baseline, "health/ready", false),
            ("ListSlowlog by start time, offset 0", slowlog + "&sort_key=start_time&offset=0", false),
            ("ListSlowlog by duration, offset 0", slowlog + "&sort_key=duration&offset=0", false),
            ("ListSlowlog by duration, offset 89,950", slowlog + "&sort_key=duration&offset=89950", false),
            ("ListSlowlog by duration ascending, offset 24,950", slowlog + "&sort_key=duration&sort_dir=asc&offset=24950", false),
            ("ListErrorLogs all levels, page 1", errorLog + "&offset=1", false),
            ("ListErrorLogs all levels, page 1,800", errorLog + "&offset=1800", false),
            ("ListErrorLogs ERROR, page 1", errorLog + "&level=ERROR&offset=1", false),
            ("ListErrorLogs WARNING, page 500", errorLog + "&level=WARNING&offset=500", false),
            ("Console Redis slow log by start time, page 1", redisPage, true),
            ("Console Redis slow log by duration, page 1", redisPage + "&sort=duration&dir=desc", true),
            ("Console Redis slow log by duration, page 500", redisPage + "&sort=duration&dir=desc&page=500", true),
            ("Console Redis slow log by duration, page 1,800", redisPage + "&sort=duration&dir=desc&page=1800", true),
            ("Console error log all levels, page 1", errorPage, true),
            ("Console error log all levels, page 1,800", errorPage + "&page=1800", true),
            ("Console error log ERROR, page 1", errorPage + "&level=ERROR", true),
            ("Console error log WARNING, page 500", errorPage + "&level=WARNING&page=500", true),
        ];
    }

    private static string Format(DateTimeOffset time) =>
        Uri.EscapeDataString(time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0800");

    private static string Input(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
