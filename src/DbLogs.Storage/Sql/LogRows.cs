using System.Data.Common;
using System.Globalization;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.MariadbSlow;
using DbLogs.Storage.RedisRun;
using DbLogs.Storage.RedisSlowlog;

namespace DbLogs.Storage.Sql;

// The log kinds' rows as both stores return them, and their models.

internal sealed record RunLogRow(string Id, string InstanceId, string ReplicationId, string GroupName, string ReplicationIp, string Day,
    string Status, long SizeBytes, long CollectedAt)
{
    public const string Columns =
        "id, instance_id AS InstanceId, replication_id AS ReplicationId, group_name AS GroupName, replication_ip AS ReplicationIp, day, status, size_bytes AS SizeBytes, collected_at AS CollectedAt";

    private const string DayFormat = "yyyy-MM-dd";

    public static string DayText(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string day) => DateOnly.ParseExact(day, DayFormat, CultureInfo.InvariantCulture);

    public RunLogFile ToModel() => new(Id, InstanceId, ReplicationId, GroupName, ReplicationIp, ParseDay(Day), Status, SizeBytes,
        UnixMs.To(CollectedAt));

    /// <summary>The columns <see cref="Read"/> reads, for lists within one instance.</summary>
    public const string ListColumns = "id, replication_id, group_name, replication_ip, day, status, size_bytes, collected_at";

    public static RunLogFile Read(DbDataReader row, string instanceId) => new(row.GetString(0), instanceId, row.GetString(1), row.GetString(2),
        row.GetString(3), ParseDay(row.GetString(4)), row.GetString(5), row.GetInt64(6),
        UnixMs.To(row.GetInt64(7)));
}

internal sealed record SlowlogRow(long EntryId, string InstanceId, string NodeId, string ShardName, string NodeRole, long StartTime,
    long DurationUs, string Command, string ClientIp, string Username, long DatabaseId)
{
    public const string Columns =
        "entry_id AS EntryId, instance_id AS InstanceId, node_id AS NodeId, shard_name AS ShardName, node_role AS NodeRole, " +
        "start_time AS StartTime, duration_us AS DurationUs, command, client_ip AS ClientIp, username, database_id AS DatabaseId";

    public RedisSlowEntry ToModel() => new(EntryId, InstanceId, NodeId, ShardName, NodeRole, UnixMs.To(StartTime), DurationUs, Command,
        ClientIp, Username, (int)DatabaseId);
}

internal sealed record ErrorEntryRow(long Time, string Level, string Content)
{
    public ErrorLogEntry ToModel() => new(UnixMs.To(Time), Level, Content);
}

internal sealed record SlowEntryRow(long StartTime, double QueryTime, double LockTime, long RowsSent, long RowsExamined, string Database,
    string Users, string ClientIp, string QuerySample, string Type)
{
    public const string Columns =
        "start_time AS StartTime, query_time AS QueryTime, lock_time AS LockTime, rows_sent AS RowsSent, rows_examined AS RowsExamined, " +
        "database, users, client_ip AS ClientIp, query_sample AS QuerySample, type";

    public MariadbSlowEntry ToModel() => new(UnixMs.To(StartTime), QueryTime, LockTime, RowsSent, RowsExamined, Database, Users, ClientIp,
        QuerySample, Type);
}

internal sealed record SlowStatisticRow(long Count, double TotalQueryTime, double TotalLockTime, long RowsSent, long RowsExamined, string Database,
    string Users, string ClientIp, string QuerySample, string Type)
{
    public MariadbSlowStatistic ToModel() => new(Count, TotalQueryTime, TotalLockTime, RowsSent, RowsExamined, Database, Users, ClientIp,
        QuerySample, Type);
}
