namespace DbLogs.Collection.Mariadb;

/// <summary>
/// What a MariaDB server's <c>server_audit</c> plugin actually does: <see cref="Logging"/> is <c>ON</c>, <c>OFF</c> or
/// <c>NOT_INSTALLED</c> with the server's <see cref="Events"/>; or, when the server could not be asked, <see cref="Error"/>.
/// </summary>
public sealed record ServerAuditState(string? Logging, string? Events, string? Error)
{
    public const string NotInstalled = "NOT_INSTALLED";

    public static ServerAuditState Unreadable(string error) => new(null, null, error);
}
