namespace DbLogs.Processing.Streams;

internal static class LocalTime
{
    /// <summary>
    /// A wall-clock reading in <paramref name="zone"/> as UTC. Readings inside a daylight-saving gap or fold
    /// get the zone's offset for that reading (standard time for a fold) instead of failing.
    /// </summary>
    public static bool TryToUtc(int year, int month, int day, int hour, int minute, int second, int millisecond, TimeZoneInfo zone,
        out DateTimeOffset utc)
    {
        utc = default;
        if (month is < 1 or > 12 || day < 1 || year is < 1 or > 9999 || day > DateTime.DaysInMonth(year, month) ||
            hour > 23 || minute > 59 || second > 59 || millisecond > 999)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Unspecified);
        try
        {
            utc = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
