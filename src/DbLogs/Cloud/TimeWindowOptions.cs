using System.CommandLine;
using System.Globalization;
using DbLogs.Cli.Admin;

namespace DbLogs.Cli.Cloud;

/// <summary>
/// <c>--start</c>/<c>--end</c> of the commands that query a time window: an ISO-8601 time (no offset: UTC) or Unix
/// milliseconds. Without <c>--end</c> the window ends now, without <c>--start</c> it is <c>defaultLength</c> long.
/// A window longer than the API accepts (<c>maxLength</c>) is refused here, naming <c>--start</c>: the API would blame
/// its end time.
/// </summary>
internal sealed class TimeWindowOptions(TimeSpan defaultLength, TimeSpan? maxLength = null)
{
    /// <summary>The longest window the RDS v3 log lists accept.</summary>
    public static readonly TimeSpan RdsMaxLength = TimeSpan.FromDays(30);

    public Option<string> Start { get; } = new("--start")
    {
        Description = $"Window start: ISO 8601 (e.g. 2026-03-10T08:00:00+08:00; UTC without an offset) or Unix milliseconds. Default: {Describe(defaultLength)} before --end.",
        HelpName = "TIME",
    };

    public Option<string> End { get; } = new("--end")
    {
        Description = "Window end, same formats. Default: now.",
        HelpName = "TIME",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Start);
        command.Options.Add(End);
    }

    /// <summary>The window in UTC; a usage error naming the option when a time cannot be read or the window is reversed.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Resolve(CloudInvocation run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var end = Parse(run.Value(End), End.Name) ?? run.Settings.Clock.GetUtcNow();
        var start = Parse(run.Value(Start), Start.Name) ?? end - defaultLength;
        if (start > end)
        {
            throw new CloudCliException(AdminExitCodes.Usage, "--start is after --end");
        }

        if (maxLength is { } longest && end - start > longest)
        {
            throw new CloudCliException(AdminExitCodes.Usage, string.Create(CultureInfo.InvariantCulture,
                $"--start is {(end - start).TotalDays:0} days before --end; the API accepts a window of at most {Describe(longest)}: give a later --start (or an --end)"));
        }

        return (start.ToUniversalTime(), end.ToUniversalTime());
    }

    /// <summary>The RDS v3 time format, <c>yyyy-mm-ddThh:mm:ss+0000</c>, its '+' percent-encoded for a query string.</summary>
    public static string RdsQueryTime(DateTimeOffset time) =>
        Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0000");

    private static DateTimeOffset? Parse(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var given = text.Trim();
        text = given;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : throw new CloudCliException(AdminExitCodes.Usage, $"{option} '{given}' is out of range");
        }

        // The RDS form "+hhmm" has no colon; DateTimeOffset wants one.
        if (text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit))
        {
            text = text[..^2] + ":" + text[^2..];
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new CloudCliException(AdminExitCodes.Usage,
                $"{option} '{given}' is not a time: give ISO 8601 (2026-03-10T08:00:00Z, 2026-03-10T08:00:00+0800) or Unix milliseconds");
    }

    private static string Describe(TimeSpan length) =>
        length.TotalHours >= 24 && length.TotalHours % 24 == 0
            ? $"{length.TotalDays.ToString(CultureInfo.InvariantCulture)} day{(length.TotalDays == 1 ? string.Empty : "s")}"
            : $"{length.TotalHours.ToString(CultureInfo.InvariantCulture)} hour{(length.TotalHours == 1 ? string.Empty : "s")}";
}
