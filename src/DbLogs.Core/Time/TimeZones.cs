namespace DbLogs.Core.Time;

public static class TimeZones
{
    /// <summary>
    /// A node's time zone by its IANA id, or UTC when there is no node or its zone is not known here. Stored zones
    /// were checked when the node was registered; this only keeps a zone database that changed since from failing reads.
    /// </summary>
    public static TimeZoneInfo FindOrUtc(string? id)
    {
        if (id is null)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
