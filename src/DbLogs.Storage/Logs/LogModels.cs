namespace DbLogs.Storage.Logs;

/// <summary>A collected Redis run-log file: one replica, one calendar day in the node's time zone.</summary>
public sealed record RunLogFile(
    string Id,
    string InstanceId,
    string ReplicationId,
    string GroupName,
    string ReplicationIp,
    DateOnly Day,
    string Status,
    long SizeBytes,
    DateTimeOffset CollectedAt);

/// <summary>One entry of a Redis node's <c>SLOWLOG</c>; <see cref="DurationMicros"/> as Redis reports it.</summary>
public sealed record RedisSlowEntry(
    long Id,
    string InstanceId,
    string NodeId,
    string ShardName,
    string NodeRole,
    DateTimeOffset StartTime,
    long DurationMicros,
    string Command,
    string ClientIp,
    string Username,
    int DatabaseId);

/// <summary>A cut MariaDB/MySQL audit-log file; <see cref="StreamSequence"/> is its place in its node's audit stream, from 1.</summary>
public sealed record AuditLogFile(
    string Id,
    string InstanceId,
    string NodeId,
    string Name,
    long SizeBytes,
    DateTimeOffset BeginTime,
    DateTimeOffset EndTime,
    long StreamSequence);

public sealed record AuditPolicy(int KeepDays, IReadOnlyList<string> AuditTypes, DateTimeOffset UpdatedAt);

public sealed record ErrorLogEntry(DateTimeOffset Time, string Level, string Content);

/// <summary>One statement of a MariaDB slow query log, with its sample normalised (literals as <c>N</c>) and its type.</summary>
/// <param name="StartTime">From <c>SET timestamp=</c> (when the statement started), else the record's <c># Time:</c>.</param>
/// <param name="ClientIp">The client's address, or its host name when the server logged no address (a socket connection).</param>
public sealed record MysqlSlowEntry(
    DateTimeOffset StartTime,
    double QueryTimeSeconds,
    double LockTimeSeconds,
    long RowsSent,
    long RowsExamined,
    string Database,
    string Users,
    string ClientIp,
    string QuerySample,
    string Type);

/// <summary>Slow queries grouped by normalised statement.</summary>
public sealed record MysqlSlowStatistic(
    long Count,
    double TotalQueryTimeSeconds,
    double TotalLockTimeSeconds,
    long RowsSent,
    long RowsExamined,
    string Database,
    string Users,
    string ClientIp,
    string QuerySample,
    string Type);

public enum SortDirection
{
    Descending,
    Ascending,
}

public enum RedisSlowSortKey
{
    StartTime,
    Duration,
}
