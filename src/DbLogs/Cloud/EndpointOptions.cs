using System.CommandLine;
using DbLogs.Cli.Admin;
using DbLogs.Server;

namespace DbLogs.Cli.Cloud;

/// <summary>
/// Where the service is, named the same in every command: <c>--endpoint</c>, else <c>DBLOGS_ENDPOINT</c>, else the
/// default URL. <c>--server</c> and <c>DBLOGS_SERVER</c>, the names <c>dblogs admin</c> used first, still work.
/// </summary>
public sealed class EndpointOptions
{
    public const string Variable = "DBLOGS_ENDPOINT";
    public const string OldVariable = "DBLOGS_SERVER";

    public Option<string> Endpoint { get; } = new("--endpoint")
    {
        Description = $"The service's URL. Default: env {Variable}, else {DbLogsServer.DefaultUrl}.",
        HelpName = "URL",
        Recursive = true,
    };

    /// <summary>The old name of <see cref="Endpoint"/>, kept for scripts and hidden from help so that help shows one name.</summary>
    public Option<string> Server { get; } = new("--server")
    {
        Description = "Same as --endpoint.",
        HelpName = "URL",
        Recursive = true,
        Hidden = true,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Endpoint);
        command.Options.Add(Server);
    }

    /// <summary>The service's URL; a usage error naming where a bad one came from.</summary>
    public Uri Resolve(ParseResult parse, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        var (text, source) = NonEmpty(parse.GetValue(Endpoint)) is { } endpoint ? (endpoint, Endpoint.Name)
            : NonEmpty(parse.GetValue(Server)) is { } server ? (server, Server.Name)
            : NonEmpty(environment(Variable)) is { } fromVariable ? (fromVariable, Variable)
            : NonEmpty(environment(OldVariable)) is { } fromOldVariable ? (fromOldVariable, OldVariable)
            : (DbLogsServer.DefaultUrl, "the default");
        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new CloudCliException(AdminExitCodes.Usage, $"{source} must be an http:// or https:// URL, not '{text}'");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
