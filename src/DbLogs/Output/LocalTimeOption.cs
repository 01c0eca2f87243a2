using System.CommandLine;

namespace DbLogs.Cli.Output;

/// <summary><c>--local</c>: times in this machine's zone instead of UTC, in every command that prints times.</summary>
internal static class LocalTimeOption
{
    public static Option<bool> Create() => new("--local")
    {
        Description = "Show times in this machine's time zone (with its offset) instead of UTC.",
        Recursive = true,
    };

    public static TimeDisplay Display(bool local, TimeZoneInfo zone) => local ? new TimeDisplay(zone) : TimeDisplay.Utc;
}
