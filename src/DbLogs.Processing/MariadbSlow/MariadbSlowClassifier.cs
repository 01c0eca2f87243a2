using DbLogs.Processing.Streams;

namespace DbLogs.Processing.MariadbSlow;

/// <summary>
/// MariaDB slow query log. A record starts at <c># Time: yymmdd hh:mm:ss</c>, or at <c># User@Host:</c> when no
/// <c># Time:</c> line precedes it (the server writes that line only when the second changes). The exact
/// instant is <c>SET timestamp=unix;</c>; the file header (<c>… Version: … started with:</c>) is a record of its own.
/// </summary>
internal sealed class MariadbSlowClassifier(TimeZoneInfo zone) : IRecordClassifier
{
    private bool _afterTimeLine;

    public LineInfo Next(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("# Time: "u8))
        {
            _afterTimeLine = true;
            return new LineInfo(true, TryParseTimeLine(line, zone, out var utc) ? utc : null);
        }

        var afterTime = _afterTimeLine;
        _afterTimeLine = false;
        if (line.StartsWith("# User@Host: "u8))
        {
            return new LineInfo(!afterTime, null);
        }

        if (line.StartsWith("SET timestamp="u8) && TryParseSetTimestamp(line, out var instant))
        {
            return new LineInfo(false, instant);
        }

        return new LineInfo(line.IndexOf(", Version: "u8) >= 0 && line.EndsWith("started with:"u8), null);
    }

    // "# Time: 251121  9:05:01" — yymmdd, then one or two spaces and a space-padded hour.
    private static bool TryParseTimeLine(ReadOnlySpan<byte> line, TimeZoneInfo zone, out DateTimeOffset utc)
    {
        utc = default;
        const int d = 8;
        return line.Length >= d + 15 &&
               AsciiFields.TryDigits(line, d, 2, out var yy) && AsciiFields.TryDigits(line, d + 2, 2, out var month) &&
               AsciiFields.TryDigits(line, d + 4, 2, out var day) && line[d + 6] == (byte)' ' &&
               AsciiFields.TrySpacePaddedTwo(line, d + 7, out var hour) && line[d + 9] == (byte)':' &&
               AsciiFields.TryDigits(line, d + 10, 2, out var minute) && line[d + 12] == (byte)':' &&
               AsciiFields.TryDigits(line, d + 13, 2, out var second) &&
               LocalTime.TryToUtc(2000 + yy, month, day, hour, minute, second, 0, zone, out utc);
    }

    private static bool TryParseSetTimestamp(ReadOnlySpan<byte> line, out DateTimeOffset utc)
    {
        utc = default;
        var digits = line["SET timestamp="u8.Length..];
        var end = digits.IndexOf((byte)';');
        if (end is <= 0 or > 11 || !long.TryParse(digits[..end], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
        {
            return false;
        }

        utc = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }
}
