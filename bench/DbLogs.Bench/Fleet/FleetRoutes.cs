using System.Globalization;

namespace DbLogs.Bench.Fleet;

/// <summary>The list calls timed, on the largest instance of each kind: first pages, deep offsets, narrow and wide windows.</summary>
internal static class FleetRoutes
{
    private static readonly DateTimeOffset WindowEnd = FleetShape.End - TimeSpan.FromHours(12);

    public static (string Name, string Path)[] For(FleetShape shape)
    {
        var project = BenchService.ProjectId;
        var redislog = $"v2/{project}/instances/{FleetShape.RedisId(0)}/redislog?log_type=run&limit=10";
        var runLogDeep = RoundDown(FleetShape.Share(shape.RunLogEntries, 0) * 9 / 10);
        var auditDeep = RoundDown(FleetShape.Share(shape.AuditFiles, 0) * 30 / 90 * 9 / 10);
        var c = CultureInfo.InvariantCulture;
        return
        [
            ("ListRedislog offset 0", redislog + "&offset=0"),
            (string.Create(c, $"ListRedislog offset {runLogDeep:N0}"), redislog + $"&offset={runLogDeep}"),
            ("ListRedislog one replica, offset 0", redislog + "&offset=0&replication_id=" + FleetShape.ReplicaId(0)),
            ("ListAuditlogs 1 day, offset 0", Audit(TimeSpan.FromDays(1), 0)),
            ("ListAuditlogs 30 days, offset 0", Audit(TimeSpan.FromDays(30), 0)),
            (string.Create(c, $"ListAuditlogs 30 days, offset {auditDeep:N0}"), Audit(TimeSpan.FromDays(30), auditDeep)),
            ("ListSlowLogs 1 day, page 1", Slow(TimeSpan.FromDays(1), 1, null)),
            ("ListSlowLogs 30 days, page 1", Slow(TimeSpan.FromDays(30), 1, null)),
            ("ListSlowLogs 30 days, page 200 (records 1,991-2,000)", Slow(TimeSpan.FromDays(30), 200, null)),
            ("ListSlowLogs 30 days, type DELETE, page 1", Slow(TimeSpan.FromDays(30), 1, "DELETE")),
            ("ListSlowLogs 30 days, type CREATE, page 200", Slow(TimeSpan.FromDays(30), 200, "CREATE")),
        ];
    }

    private static long RoundDown(long offset) => Math.Max(0, offset / 1000 * 1000);

    private static string Audit(TimeSpan span, long offset) =>
        $"v3/{BenchService.ProjectId}/instances/{FleetShape.MysqlId(0)}/auditlog?start_time={Format(WindowEnd - span)}&end_time={Format(WindowEnd)}&offset={offset}&limit=50";

    private static string Slow(TimeSpan span, int page, string? type) =>
        $"v3/{BenchService.ProjectId}/instances/{FleetShape.MysqlId(0)}/slowlog?start_date={Format(WindowEnd - span)}&end_date={Format(WindowEnd)}&offset={page}&limit=10" +
        (type is null ? string.Empty : "&type=" + type);

    private static string Format(DateTimeOffset time) =>
        Uri.EscapeDataString(time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0800");
}
