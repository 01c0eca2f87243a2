using System.Security.Cryptography;

namespace DbLogs.Core.Ids;

/// <summary>The id shapes the cloud APIs use, and generators for new ones.</summary>
public static class IdFormats
{
    private const string RdsMySqlSuffix = "in01";

    public static string NewProjectId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string NewDcsInstanceId() => Guid.NewGuid().ToString("D");

    public static string NewRdsInstanceId() => NewProjectId() + RdsMySqlSuffix;

    public static string NewUuid() => Guid.NewGuid().ToString("D");

    public static bool IsHex32(ReadOnlySpan<char> value) => value.Length == 32 && IsLowerOrUpperHex(value);

    /// <summary>Official examples use both 32-hex and UUID project ids, so both are accepted.</summary>
    public static bool IsProjectId(ReadOnlySpan<char> value) => IsHex32(value) || IsUuid(value);

    public static bool IsUuid(ReadOnlySpan<char> value) =>
        value.Length == 36 && Guid.TryParseExact(value, "D", out _);

    /// <summary>32 hex characters followed by an engine suffix such as <c>in01</c>.</summary>
    public static bool IsRdsInstanceId(ReadOnlySpan<char> value) =>
        value.Length == 36 && IsLowerOrUpperHex(value[..32]) && value[32..34].SequenceEqual("in") &&
        char.IsAsciiDigit(value[34]) && char.IsAsciiDigit(value[35]);

    /// <summary>
    /// Any instance id this service issues. Both families accept both shapes, so an instance of the other engine
    /// is answered as "not this kind of instance" rather than as a malformed id.
    /// </summary>
    public static bool IsInstanceId(ReadOnlySpan<char> value) => IsUuid(value) || IsRdsInstanceId(value);

    /// <summary>Node, replica and access-key names: short, printable, no path or quoting characters.</summary>
    public static bool IsSimpleName(ReadOnlySpan<char> value, int maxLength = 64)
    {
        if (value.IsEmpty || value.Length > maxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return value is not "." and not "..";
    }

    private static bool IsLowerOrUpperHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
