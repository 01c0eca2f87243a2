using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace DbLogs.Server.WebConsole;

/// <summary>How the pages write times, sizes and durations.</summary>
public static class Show
{
    /// <summary>
    /// A time as UTC with its offset; the console's script rewrites it in the browser's zone (with that zone's offset),
    /// and without the script the UTC text stays.
    /// </summary>
    public static IHtmlContent Time(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new HtmlString(string.Create(CultureInfo.InvariantCulture,
            $"<time datetime=\"{utc:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\">{utc:yyyy-MM-dd HH:mm:ss} +00:00</time>"));
    }

    public static IHtmlContent Time(DateTimeOffset? time) => time is { } t ? Time(t) : new HtmlString("—");

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024:0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024 / 1024:0.##} GiB"),
    };

    public static string Number(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);
}
