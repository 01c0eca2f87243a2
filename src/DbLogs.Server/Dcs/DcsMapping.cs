using System.Globalization;
using DbLogs.Processing.RedisRun;
using DbLogs.Storage.RedisRun;
using DbLogs.Storage.RedisSlowlog;

namespace DbLogs.Server.Dcs;

internal static class DcsMapping
{
    public static RunlogItem ToItem(this RunLogFile file) => new(
        file.Id,
        RunLogFileName.For(file.ReplicationIp, file.Day),
        file.GroupName,
        file.ReplicationIp,
        file.Status,
        file.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        file.Id);

    public static SlowlogItem ToItem(this RedisSlowEntry entry) => new(
        entry.Id,
        entry.Command,
        entry.StartTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        entry.DurationMicros.ToString(CultureInfo.InvariantCulture),
        entry.ShardName,
        entry.DatabaseId,
        entry.Username,
        entry.NodeRole,
        entry.ClientIp);
}
