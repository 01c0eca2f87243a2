using DbLogs.Cli.Admin;

namespace DbLogs.Cli.Cloud;

/// <summary>A name or id placed in a URL path: escaped, and never <c>.</c>, <c>..</c> or empty, which URL
/// normalisation would turn into another route (a user named <c>..</c> would address its project).</summary>
internal static class PathSegment
{
    public static string Escape(string value) => value is "" or "." or ".."
        ? throw new CloudCliException(AdminExitCodes.Usage, $"'{value}' cannot be a name or id: it is not a path segment of its own.")
        : Uri.EscapeDataString(value);
}
