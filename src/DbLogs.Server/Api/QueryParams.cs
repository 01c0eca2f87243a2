using System.Globalization;
using DbLogs.Core.Time;

namespace DbLogs.Server.Api;

/// <summary>
/// Reads query parameters by the spec's rules and keeps the first problem as the family's error, so a handler
/// reads every parameter and then checks <see cref="Error"/> once. A repeated parameter is always an error.
/// </summary>
public sealed class QueryParams(IQueryCollection query, IApiFamily family)
{
    public ApiError? Error { get; private set; }

    public int Int(string name, int min, int max, int defaultValue)
    {
        if (!TryGetSingle(name, out var raw))
        {
            return defaultValue;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            // A well-formed number that is negative or overflows is still a number: the family calls that out of range.
            var digits = raw.StartsWith('-') ? raw[1..] : raw;
            Fail(digits.Length > 0 && digits.All(char.IsAsciiDigit) ? family.OutOfRange(name) : family.InvalidParameter(name));
            return defaultValue;
        }

        if (value < min || value > max)
        {
            Fail(family.OutOfRange(name));
        }

        return value;
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive, answered in the allowed spelling), or the default when absent.</summary>
    public string? OneOf(string name, IReadOnlyList<string> allowed, string? defaultValue, bool required = false, bool blankMeansDefault = false)
    {
        if (!TryGetSingle(name, out var raw, blankMeansAbsent: blankMeansDefault))
        {
            if (required && Error is null)
            {
                Fail(family.InvalidParameter(name, "it is required."));
            }

            return defaultValue;
        }

        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, raw, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        Fail(family.InvalidParameter(name, $"allowed values are {string.Join(", ", allowed)}."));
        return defaultValue;
    }

    /// <summary>An optional free-form identifier; present but empty or overlong is an error.</summary>
    public string? OptionalId(string name, int maxLength = 128)
    {
        if (!TryGetSingle(name, out var raw))
        {
            return null;
        }

        if (raw.Length == 0 || raw.Length > maxLength)
        {
            Fail(family.InvalidParameter(name));
            return null;
        }

        return raw;
    }

    /// <summary>A required RDS time (<c>yyyy-MM-ddTHH:mm:ss+0800</c> and its accepted variants).</summary>
    public DateTimeOffset OffsetTime(string name)
    {
        if (!TryGetSingle(name, out var raw, required: true))
        {
            return default;
        }

        if (!Core.Time.OffsetTime.TryParse(raw, out var value))
        {
            Fail(family.InvalidParameter(name, "expected yyyy-mm-ddThh:mm:ss+hhmm."));
        }

        return value;
    }

    /// <summary>A required Unix time in milliseconds, as a string of digits.</summary>
    public DateTimeOffset UnixMilliseconds(string name)
    {
        if (!TryGetSingle(name, out var raw, required: true))
        {
            return default;
        }

        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ||
            ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            Fail(family.InvalidParameter(name));
            return default;
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    /// <summary>Checks that end is after start and, when given, that the span is at most <paramref name="maxSpan"/>.</summary>
    public TimeWindow Window(string startName, DateTimeOffset start, string endName, DateTimeOffset end, TimeSpan? maxSpan = null)
    {
        if (Error is null && end <= start)
        {
            Fail(family.EndBeforeStart(startName, endName));
        }
        else if (Error is null && maxSpan is { } span && end - start > span)
        {
            Fail(family.InvalidParameter(endName, $"the time span may not exceed {span.TotalDays:0} days."));
        }

        return new TimeWindow(start, end);
    }

    public void Fail(ApiError error) => Error ??= error;

    private bool TryGetSingle(string name, out string value, bool required = false, bool blankMeansAbsent = false)
    {
        value = string.Empty;
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            if (required)
            {
                Fail(family.InvalidParameter(name, "it is required."));
            }

            return false;
        }

        if (values.Count > 1)
        {
            Fail(family.InvalidParameter(name, "it is given more than once."));
            return false;
        }

        value = values[0] ?? string.Empty;
        if (blankMeansAbsent && string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        return true;
    }
}
