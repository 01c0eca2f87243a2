using System.Text.Json.Serialization;

namespace DbLogs.Server.Rds;

// Wire shapes of spec/rds-v3-logs.md; property names become snake_case on the wire unless named explicitly.

public sealed record AuditlogItem(string Id, string Name, double Size, string BeginTime, string EndTime);

public sealed record ListAuditlogsResponse(IReadOnlyList<AuditlogItem> Auditlogs, long TotalRecord);

public sealed record AuditlogLinksResponse(IReadOnlyList<string> Links);

/// <summary><see cref="DblogsApplyStatus"/> is DbLogs's own: how the latest change went on each node (the SDKs ignore it).</summary>
public sealed record AuditlogPolicyResponse(int KeepDays, IReadOnlyList<string> AuditTypes, string AllAuditLogAction, PolicyApplyStatus DblogsApplyStatus);

/// <summary><see cref="State"/>: NOT_SET, NO_COLLECTOR, PENDING, APPLIED or FAILED; <see cref="Version"/> the latest change's.</summary>
public sealed record PolicyApplyStatus(string State, long Version, string? Reason, IReadOnlyList<NodeApplyStatus> Nodes);

/// <summary>One node: the latest change's outcome there and the server's audit plugin as its collector last saw it.</summary>
public sealed record NodeApplyStatus(string NodeId, string State, string? Reason, string? ServerAuditLogging, string? ServerAuditEvents,
    string? ObserveError, string? ObservedAt);

public sealed record PolicyStatusResponse(string Status);

public sealed record RotateResponse(string InstanceId);

public sealed record ErrorLogItem(string Time, string Level, string Content);

public sealed record ListErrorLogsResponse(IReadOnlyList<ErrorLogItem> ErrorLogList, long TotalRecord);

public sealed record SlowLogItem(
    string Count,
    string Time,
    string LockTime,
    string RowsSent,
    string RowsExamined,
    string Database,
    string Users,
    string QuerySample,
    string Type,
    string StartTime,
    string ClientIp);

public sealed record ListSlowLogsResponse(IReadOnlyList<SlowLogItem> SlowLogList, long TotalRecord);

/// <summary>
/// The statistics route is the one RDS v3 route with camelCase keys, and unlike ListSlowLogs its row counts are integers
/// (the SDK models type them int64).
/// </summary>
public sealed record SlowLogStatisticItem(
    [property: JsonPropertyName("count")] string Count,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("lockTime")] string LockTime,
    [property: JsonPropertyName("rowsSent")] long RowsSent,
    [property: JsonPropertyName("rowsExamined")] long RowsExamined,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("users")] string Users,
    [property: JsonPropertyName("querySample")] string QuerySample,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("clientIP")] string ClientIp);

public sealed record SlowLogStatisticsResponse(
    [property: JsonPropertyName("pageNumber")] int PageNumber,
    [property: JsonPropertyName("pageRecord")] int PageRecord,
    [property: JsonPropertyName("slowLogList")] IReadOnlyList<SlowLogStatisticItem> SlowLogList,
    [property: JsonPropertyName("totalRecord")] long TotalRecord,
    [property: JsonPropertyName("startTime")] long StartTime,
    [property: JsonPropertyName("endTime")] long EndTime);
