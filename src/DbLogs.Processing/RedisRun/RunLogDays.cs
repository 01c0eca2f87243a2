namespace DbLogs.Processing.RedisRun;

public static class RunLogDays
{
    /// <summary>
    /// The calendar days a <c>query_time</c> asks for, oldest first: 0 is today; n is the last n days counting today
    /// (3 is today and the 2 days before), "today" being the node's date now.
    /// </summary>
    public static IReadOnlyList<DateOnly> For(int queryTime, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = RunLogDayCutter.LocalDay(now, zone);
        var count = Math.Max(queryTime, 1);
        return [.. Enumerable.Range(0, count).Select(i => today.AddDays(i - count + 1))];
    }
}
