namespace DbLogs.Storage.Sql;

/// <summary>
/// ListSlowLogs' total over a <see cref="HourWindow"/> with whole hours: the whole hours summed from
/// <c>mysql_slow_log_hours</c>, the partial hours at either end counted from an index.
/// </summary>
internal static class SlowLogWindowCount
{
    private static readonly string AllTypes = Build(string.Empty);
    private static readonly string OneType = Build(" AND type = @type");

    public static string Sql(bool byType) => byType ? OneType : AllTypes;

    private static string Build(string type) =>
        $"""
        SELECT (SELECT CAST(COALESCE(SUM(entries), 0) AS BIGINT) FROM mysql_slow_log_hours
                WHERE instance_id = @instanceId AND hour >= @FirstHour AND hour < @EndHour{type})
             + (SELECT COUNT(*) FROM mysql_slow_log WHERE instance_id = @instanceId{type} AND start_time BETWEEN @Start AND @HeadEnd)
             + (SELECT COUNT(*) FROM mysql_slow_log WHERE instance_id = @instanceId{type} AND start_time BETWEEN @TailStart AND @End)
        """;
}
