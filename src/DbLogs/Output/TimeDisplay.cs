using System.Globalization;

namespace DbLogs.Cli.Output;

/// <summary>
/// Every time a command prints, in one format: <c>2026-03-10 08:00:00Z</c> in UTC, or with <c>--local</c> in the
/// local zone with its offset, <c>2026-03-10 16:00:00+08:00</c>.
/// </summary>
internal sealed class TimeDisplay(TimeZoneInfo? localZone)
{
    public static TimeDisplay Utc { get; } = new(null);

    public string Format(DateTimeOffset time)
    {
        if (localZone is null)
        {
            return time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        var local = TimeZoneInfo.ConvertTime(time, localZone);
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + local.ToString("zzz", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A time as the APIs write it (ISO 8601 with <c>Z</c>, <c>+08:00</c> or <c>+0800</c>; without an offset: UTC)
    /// in this format; text that is not a time stays as it is, <c>null</c> stays <c>null</c>.
    /// </summary>
    public string? Format(string? apiTime)
    {
        if (string.IsNullOrWhiteSpace(apiTime))
        {
            return apiTime;
        }

        var text = apiTime.Trim();
        // The RDS form "+hhmm" has no colon; DateTimeOffset wants one.
        if (text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit) && text.Contains('T', StringComparison.Ordinal))
        {
            text = text[..^2] + ":" + text[^2..];
        }

        // A date alone (a run-log file's day) is not a point in time: shown as it is.
        return text.Length > 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? Format(time)
            : apiTime;
    }
}
