using System.Globalization;
using DbLogs.Core.Time;

namespace DbLogs.Server.WebConsole;

/// <summary>
/// A page's time range from its query: <c>range=hour|day|week</c> (ending now) or <c>custom</c> with <c>from</c> and
/// <c>to</c> as the browser's date-time inputs give them, in the zone whose offset (minutes east of UTC) is <c>tz</c>;
/// without <c>tz</c> (no script) they are UTC.
/// </summary>
public sealed record TimeRange(string Range, string? From, string? To, TimeWindow Window, string? Problem)
{
    public static readonly IReadOnlyList<(string Value, string Label)> Choices =
        [("hour", "Last hour"), ("day", "Last 24 hours"), ("week", "Last 7 days"), ("custom", "Custom")];

    private static readonly string[] InputFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    public static TimeRange Read(IQueryCollection query, DateTimeOffset now, string defaultRange, TimeSpan maxSpan)
    {
        var range = query["range"].ToString() is { Length: > 0 } r && Choices.Any(c => c.Value == r) ? r : defaultRange;
        string? from = query["from"], to = query["to"];
        if (range != "custom")
        {
            var span = range switch { "hour" => TimeSpan.FromHours(1), "day" => TimeSpan.FromDays(1), _ => TimeSpan.FromDays(7) };
            return new TimeRange(range, from, to, new TimeWindow(now - span, now), null);
        }

        var offset = int.TryParse(query["tz"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var minutes) && Math.Abs(minutes) <= 14 * 60
            ? TimeSpan.FromMinutes(minutes)
            : TimeSpan.Zero;
        var fallback = new TimeWindow(now - TimeSpan.FromDays(1), now);
        if (!TryParse(from, offset, out var start) || !TryParse(to, offset, out var end))
        {
            return new TimeRange(range, from, to, fallback, "Enter both the start and the end of the custom range; showing the last 24 hours.");
        }

        if (end < start || end - start > maxSpan)
        {
            return new TimeRange(range, from, to, fallback,
                $"The end must be after the start, at most {maxSpan.TotalDays:0} days later; showing the last 24 hours.");
        }

        return new TimeRange(range, from, to, new TimeWindow(start, end), null);
    }

    private static bool TryParse(string? value, TimeSpan offset, out DateTimeOffset time)
    {
        time = default;
        if (!DateTime.TryParseExact(value, InputFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        time = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
        return true;
    }
}
