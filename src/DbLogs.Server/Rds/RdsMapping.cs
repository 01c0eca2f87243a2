using System.Globalization;
using System.Net;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.MariadbSlow;

namespace DbLogs.Server.Rds;

internal static class RdsMapping
{
    public static AuditlogItem ToItem(this AuditLogFile file, TimeSpan callerOffset) => new(
        file.Id,
        file.Name,
        Math.Round(file.SizeBytes / 1024.0, 6),
        OffsetTime.Format(file.BeginTime, callerOffset),
        OffsetTime.Format(file.EndTime, callerOffset));

    public static ErrorLogItem ToItem(this ErrorLogEntry entry) =>
        new(OffsetTime.FormatUtcWithoutOffset(entry.Time), entry.Level, entry.Content);

    public static SlowLogItem ToItem(this MariadbSlowEntry entry) => new(
        "1",
        Seconds(entry.QueryTimeSeconds),
        Seconds(entry.LockTimeSeconds),
        Number(entry.RowsSent),
        Number(entry.RowsExamined),
        entry.Database,
        entry.Users,
        entry.QuerySample,
        entry.Type,
        OffsetTime.FormatUtcWithoutOffset(entry.StartTime),
        MaskIp(entry.ClientIp));

    public static SlowLogStatisticItem ToItem(this MariadbSlowStatistic stat) => new(
        Number(stat.Count),
        Seconds(stat.TotalQueryTimeSeconds),
        Seconds(stat.TotalLockTimeSeconds),
        stat.RowsSent,
        stat.RowsExamined,
        stat.Database,
        stat.Users,
        stat.QuerySample,
        stat.Type,
        MaskIp(stat.ClientIp));

    /// <summary>Keeps the first and last part of an address, as the console does: <c>192.*.*.1</c>.</summary>
    public static string MaskIp(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address))
        {
            return string.IsNullOrEmpty(ip) ? ip : "*";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return MaskIp(address.MapToIPv4().ToString());
        }

        var separator = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? '.' : ':';
        var parts = ip.Split(separator);
        for (var i = 1; i < parts.Length - 1; i++)
        {
            if (parts[i].Length > 0)
            {
                parts[i] = "*";
            }
        }

        return string.Join(separator, parts);
    }

    private static string Seconds(double seconds) => seconds.ToString("0.#####", CultureInfo.InvariantCulture) + " s";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
