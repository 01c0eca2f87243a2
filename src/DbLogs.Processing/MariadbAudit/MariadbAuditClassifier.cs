using DbLogs.Processing.Streams;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>MariaDB <c>server_audit</c>: one record per line, <c>YYYYMMDD HH:MM:SS,host,user,…</c> in local time.</summary>
internal sealed class MariadbAuditClassifier(TimeZoneInfo zone) : IRecordClassifier
{
    /// <summary><c>YYYYMMDD HH:MM:SS,</c>: everything the time is read from.</summary>
    private const int HeadLength = 18;

    private readonly byte[] _lastHead = new byte[HeadLength];
    private DateTimeOffset? _lastTime;

    // A busy server writes many records a second, each with the same head: the zone conversion is done once a second.
    public LineInfo Next(ReadOnlySpan<byte> line)
    {
        if (_lastTime is { } time && line.StartsWith(_lastHead))
        {
            return new LineInfo(true, time);
        }

        if (!TryParse(line, zone, out var utc))
        {
            return new LineInfo(false, null);
        }

        line[..HeadLength].CopyTo(_lastHead);
        _lastTime = utc;
        return new LineInfo(true, utc);
    }

    public static bool TryParse(ReadOnlySpan<byte> line, TimeZoneInfo zone, out DateTimeOffset utc)
    {
        utc = default;
        return line.Length >= HeadLength &&
               AsciiFields.TryDigits(line, 0, 4, out var year) && AsciiFields.TryDigits(line, 4, 2, out var month) &&
               AsciiFields.TryDigits(line, 6, 2, out var day) && line[8] == (byte)' ' &&
               AsciiFields.TryDigits(line, 9, 2, out var hour) && line[11] == (byte)':' &&
               AsciiFields.TryDigits(line, 12, 2, out var minute) && line[14] == (byte)':' &&
               AsciiFields.TryDigits(line, 15, 2, out var second) && line[17] == (byte)',' &&
               LocalTime.TryToUtc(year, month, day, hour, minute, second, 0, zone, out utc);
    }
}
