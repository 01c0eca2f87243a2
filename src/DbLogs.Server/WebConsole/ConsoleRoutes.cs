using DbLogs.Storage.Registry;

namespace DbLogs.Server.WebConsole;

/// <summary>The console's URLs, each one a user can bookmark.</summary>
public static class ConsoleRoutes
{
    public const string Root = "/console/";

    public static string SignIn(string? returnUrl) =>
        returnUrl is { Length: > 0 } && IsLocal(returnUrl) && returnUrl != Root ? "/console/signin?returnUrl=" + Uri.EscapeDataString(returnUrl) : "/console/signin";

    /// <summary>Only a path of this console may be returned to after sign-in, never another site.</summary>
    public static bool IsLocal(string url) =>
        url.StartsWith("/console", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\');

    public static string FirstPage(Instance instance) => instance.Engine == Engine.Redis ? RunLogs(instance.Id) : AuditFiles(instance.Id);

    /// <summary>The pages of an instance, as its tabs show them.</summary>
    public static IReadOnlyList<(string Href, string Label)> Tabs(Instance instance) => instance.Engine == Engine.Redis
        ? [(RunLogs(instance.Id), "Run logs"), (RedisSlowlog(instance.Id), "Slow log"), (Tail(instance), "Live tail")]
        : [(AuditFiles(instance.Id), "Audit files"), (AuditSearch(instance.Id), "Audit search"), (ErrorLog(instance.Id), "Error log"),
            (MysqlSlowlog(instance.Id), "Slow log"), (Tail(instance), "Live tail")];

    public static string RunLogs(string id) => $"/console/redis/{id}/runlogs";

    public static string RedisSlowlog(string id) => $"/console/redis/{id}/slowlog";

    public static string AuditFiles(string id) => $"/console/mysql/{id}/audit";

    public static string AuditSearch(string id) => $"/console/mysql/{id}/search";

    public static string Tail(Instance instance) => $"/console/{(instance.Engine == Engine.Redis ? "redis" : "mysql")}/{instance.Id}/tail";

    public static string ErrorLog(string id) => $"/console/mysql/{id}/errorlog";

    public static string MysqlSlowlog(string id) => $"/console/mysql/{id}/slowlog";
}
