using System.Globalization;

namespace DbLogs.Core.Time;

/// <summary>
/// The RDS time format <c>yyyy-MM-ddTHH:mm:ss±hhmm</c>. Clients send the <c>+</c> raw (a form decoder
/// turns it into a space), percent-encoded, or use <c>Z</c> or <c>±hh:mm</c>; all of those are accepted.
/// </summary>
public static class OffsetTime
{
    private const int DateTimeLength = 19; // yyyy-MM-ddTHH:mm:ss

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length < DateTimeLength + 1)
        {
            return false;
        }

        var span = text.AsSpan();
        if (!DateTime.TryParseExact(span[..DateTimeLength], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var local))
        {
            return false;
        }

        if (!TryParseOffset(span[DateTimeLength..], out var offset))
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(local, offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // e.g. 0001-01-01T00:00:00+0800 falls before DateTimeOffset.MinValue in UTC
        }
    }

    /// <summary>Formats as <c>yyyy-MM-ddTHH:mm:ss+hhmm</c> in the given offset.</summary>
    public static string Format(DateTimeOffset instant, TimeSpan offset)
    {
        // The framework's sortable format ("s") and "D2" are written without parsing a custom format string on every call,
        // and a list answers two of these per item.
        var local = instant.ToOffset(offset).DateTime;
        var abs = offset.Duration();
        return string.Create(24, (local, Negative: offset < TimeSpan.Zero, abs.Hours, abs.Minutes), static (text, v) =>
        {
            v.local.TryFormat(text, out _, "s", CultureInfo.InvariantCulture);
            text[19] = v.Negative ? '-' : '+';
            v.Hours.TryFormat(text[20..], out _, "D2", CultureInfo.InvariantCulture);
            v.Minutes.TryFormat(text[22..], out _, "D2", CultureInfo.InvariantCulture);
        });
    }

    /// <summary>UTC without an offset, as the RDS error-log and slow-log APIs answer.</summary>
    public static string FormatUtcWithoutOffset(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("s", CultureInfo.InvariantCulture); // the sortable format: yyyy-MM-ddTHH:mm:ss

    private static bool TryParseOffset(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text is "Z")
        {
            return true;
        }

        if (text.Length is not (5 or 6))
        {
            return false;
        }

        var sign = text[0] switch
        {
            '+' or ' ' => 1,
            '-' => -1,
            _ => 0,
        };
        if (sign == 0)
        {
            return false;
        }

        var digits = text[1..];
        if (digits.Length == 5)
        {
            if (digits[2] != ':')
            {
                return false;
            }

            digits = string.Concat(digits[..2], digits[3..]);
        }

        if (!AllDigits(digits))
        {
            return false;
        }

        var hours = ((digits[0] - '0') * 10) + (digits[1] - '0');
        var minutes = ((digits[2] - '0') * 10) + (digits[3] - '0');
        if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
        {
            return false;
        }

        offset = sign * new TimeSpan(hours, minutes, 0);
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
