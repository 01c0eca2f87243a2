using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

using DbLogs.Core.Configuration;

namespace DbLogs.Server.Bootstrap;

/// <summary>The value shapes of the bootstrap file and their descriptions for error messages.</summary>
internal static partial class BootstrapRules
{
    public const string NameShape = "1-64 characters of letters, digits, '-', '_' or '.', other than '.' and '..'";
    public const string AkShape = "1-128 characters of letters, digits, '-' or '_'";
    public const string ProjectIdShape = "32 lowercase hex characters";
    public const string RedisIdShape = "a lowercase UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)";
    public const string MySqlIdShape = "32 lowercase hex characters followed by 'in' and two digits";
    public const string ShardShape = "group-N with N of 1-4 digits (group-0, group-1, ...)";
    public const string IpShape = "an IPv4 address (a.b.c.d) or an IPv6 address";
    public const string PathShape = "an absolute path starting with '/'";
    public const string TimeZoneShape = "an IANA time zone name such as UTC or Europe/Berlin";

    private const string EnvPrefix = "env:";

    // '.' and '..' are path segments that URL normalisation removes: a user named '..' would turn
    // DELETE …/users/.. into DELETE of its project.
    [GeneratedRegex(@"^(?!\.{1,2}\z)[A-Za-z0-9._-]{1,64}\z")]
    public static partial Regex Name { get; }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,128}\z")]
    public static partial Regex Ak { get; }

    [GeneratedRegex(@"^[0-9a-f]{32}\z")]
    public static partial Regex ProjectId { get; }

    [GeneratedRegex(@"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z")]
    public static partial Regex RedisId { get; }

    [GeneratedRegex(@"^[0-9a-f]{32}in[0-9]{2}\z")]
    public static partial Regex MySqlId { get; }

    [GeneratedRegex(@"^group-[0-9]{1,4}\z")]
    public static partial Regex Shard { get; }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex EnvName { get; }

    /// <summary>Checks <paramref name="value"/> against <paramref name="pattern"/>, throwing at <paramref name="path"/>.</summary>
    public static string Match(string value, Regex pattern, string path, string expected) =>
        pattern.IsMatch(value) ? value : throw JsonObjectReader.Error(path, $"must be {expected}");

    /// <summary>An IP address in its textual form; rejects forms such as <c>1</c> or <c>127.1</c> that parse oddly.</summary>
    public static string Ip(string value, string path)
    {
        var ok = IPAddress.TryParse(value, out var address) && address.AddressFamily switch
        {
            AddressFamily.InterNetwork => string.Equals(address.ToString(), value, StringComparison.Ordinal),
            AddressFamily.InterNetworkV6 => value.Contains(':', StringComparison.Ordinal) && !value.StartsWith('['),
            _ => false,
        };
        return ok ? value : throw JsonObjectReader.Error(path, $"must be {IpShape}");
    }

    public static string TimeZone(string value, string path)
    {
        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(value);
            return value;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException
            or IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw JsonObjectReader.Error(path, $"unknown time zone \"{value}\"; expected {TimeZoneShape}");
        }
    }

    public static string AbsolutePath(string value, string path) =>
        value.StartsWith('/') && !value.Contains('\0', StringComparison.Ordinal)
            ? value
            : throw JsonObjectReader.Error(path, $"must be {PathShape} (without NUL characters)");

    /// <summary>Resolves <c>env:NAME</c> through <paramref name="environment"/>; other values are returned as given.</summary>
    public static string Secret(string value, string path, Func<string, string?> environment)
    {
        if (!value.StartsWith(EnvPrefix, StringComparison.Ordinal))
        {
            return value;
        }

        var name = value[EnvPrefix.Length..];
        if (!EnvName.IsMatch(name))
        {
            throw JsonObjectReader.Error(path, $"\"{value}\" must name an environment variable as env:NAME");
        }

        return environment(name) ??
            throw JsonObjectReader.Error(path, $"environment variable {name} (from \"{value}\") is not set");
    }

    /// <summary>Records <paramref name="value"/> as first seen at <paramref name="path"/>; throws on a duplicate.</summary>
    public static void Claim(Dictionary<string, string> seen, string value, string path, string what)
    {
        if (!seen.TryAdd(value, path))
        {
            throw JsonObjectReader.Error(path, $"duplicate {what} \"{value}\" (first at {seen[value]})");
        }
    }
}
