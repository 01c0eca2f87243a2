using DbLogs.Processing.Streams;

namespace DbLogs.Processing.RedisRun;

/// <summary>
/// Redis run log: <c>pid:role dd Mon yyyy HH:MM:SS.mmm level message</c>. Other lines (crash reports,
/// <c>pid:signal-handler (…)</c>) continue the record before them.
/// </summary>
internal sealed class RedisRunClassifier(TimeZoneInfo zone) : IRecordClassifier
{
    public LineInfo Next(ReadOnlySpan<byte> line) =>
        TryParse(line, zone, out var utc) ? new LineInfo(true, utc) : new LineInfo(false, null);

    public static bool TryParse(ReadOnlySpan<byte> line, TimeZoneInfo zone, out DateTimeOffset utc)
    {
        utc = default;
        var i = 0;
        while (i < line.Length && i < 10 && line[i] >= (byte)'0' && line[i] <= (byte)'9')
        {
            i++;
        }

        // pid ':' role ' '
        if (i == 0 || i + 3 > line.Length || line[i] != (byte)':' || line[i + 1] is not ((byte)'M' or (byte)'S' or (byte)'C' or (byte)'X') ||
            line[i + 2] != (byte)' ')
        {
            return false;
        }

        i += 3;
        var dayDigits = i + 1 < line.Length && line[i + 1] == (byte)' ' ? 1 : 2;
        if (!AsciiFields.TryDigits(line, i, dayDigits, out var day))
        {
            return false;
        }

        i += dayDigits + 1;
        // Mon yyyy HH:MM:SS.mmm L
        if (!AsciiFields.TryMonth(line, i, out var month) || i + 24 > line.Length || line[i + 3] != (byte)' ' ||
            !AsciiFields.TryDigits(line, i + 4, 4, out var year) || line[i + 8] != (byte)' ' ||
            !AsciiFields.TryDigits(line, i + 9, 2, out var hour) || line[i + 11] != (byte)':' ||
            !AsciiFields.TryDigits(line, i + 12, 2, out var minute) || line[i + 14] != (byte)':' ||
            !AsciiFields.TryDigits(line, i + 15, 2, out var second) || line[i + 17] != (byte)'.' ||
            !AsciiFields.TryDigits(line, i + 18, 3, out var ms) || line[i + 21] != (byte)' ' ||
            line[i + 22] is not ((byte)'.' or (byte)'-' or (byte)'*' or (byte)'#'))
        {
            return false;
        }

        return LocalTime.TryToUtc(year, month, day, hour, minute, second, ms, zone, out utc);
    }
}
