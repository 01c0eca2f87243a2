using System.Globalization;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>
/// Ids and names shaped like the cloud's (seed rds-obtaining-an-audit-log-list): the name
/// <c>{n}_{yyyyMMddHHmmss UTC}_{instance_id}_Audit_{uuid}</c>, the id the uuid's groups reordered
/// (<c>node t time_hi time_mid time_low clock_seq br01</c>, 37 lowercase characters as in the example).
/// </summary>
internal static class AuditFileNames
{
    public static string Id(Guid uuid)
    {
        var g = uuid.ToString("D", CultureInfo.InvariantCulture).Split('-');
        return string.Concat(g[4], "t", g[2], g[1], g[0], g[3], "br01");
    }

    public static string Name(long sequence, DateTimeOffset begin, string instanceId, Guid uuid) =>
        string.Create(CultureInfo.InvariantCulture, $"{sequence}_{begin.UtcDateTime:yyyyMMddHHmmss}_{instanceId}_Audit_{uuid:D}");
}
