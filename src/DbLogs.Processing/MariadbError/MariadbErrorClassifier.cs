using DbLogs.Processing.Streams;

namespace DbLogs.Processing.MariadbError;

/// <summary>
/// MariaDB error log: <c>YYYY-MM-DD HH:MM:SS thread [Level] message</c> (hour space-padded); lines without that
/// prefix continue the message before them.
/// </summary>
internal sealed class MariadbErrorClassifier(TimeZoneInfo zone) : IRecordClassifier
{
    public LineInfo Next(ReadOnlySpan<byte> line) =>
        TryParse(line, zone, out var utc) ? new LineInfo(true, utc) : new LineInfo(false, null);

    public static bool TryParse(ReadOnlySpan<byte> line, TimeZoneInfo zone, out DateTimeOffset utc)
    {
        utc = default;
        return line.Length >= 20 &&
               AsciiFields.TryDigits(line, 0, 4, out var year) && line[4] == (byte)'-' &&
               AsciiFields.TryDigits(line, 5, 2, out var month) && line[7] == (byte)'-' &&
               AsciiFields.TryDigits(line, 8, 2, out var day) && line[10] == (byte)' ' &&
               AsciiFields.TrySpacePaddedTwo(line, 11, out var hour) && line[13] == (byte)':' &&
               AsciiFields.TryDigits(line, 14, 2, out var minute) && line[16] == (byte)':' &&
               AsciiFields.TryDigits(line, 17, 2, out var second) && line[19] == (byte)' ' &&
               LocalTime.TryToUtc(year, month, day, hour, minute, second, 0, zone, out utc);
    }
}
