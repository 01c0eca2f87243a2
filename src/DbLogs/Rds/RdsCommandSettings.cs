using System.CommandLine;
using DbLogs.Cli.Output;
using DbLogs.Server;

namespace DbLogs.Cli.Rds;

/// <summary>What tests replace: the HTTP handler, the output writers and the environment.</summary>
public sealed class RdsCommandSettings
{
    public Func<HttpMessageHandler>? HandlerFactory { get; init; }

    public TextWriter? Out { get; init; }

    public TextWriter? Error { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}

/// <summary>The options every <c>rds</c> command takes, before or after its subcommand.</summary>
internal sealed class RdsGlobalOptions
{
    public Option<string> Server { get; } = new("--server")
    {
        Description = $"The service's URL. Default: env DBLOGS_SERVER, else {DbLogsServer.DefaultUrl}.",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string> ProjectId { get; } = new("--project-id")
    {
        Description = "The project id. Default: env DBLOGS_PROJECT_ID.",
        HelpName = "ID",
        Recursive = true,
    };

    public Option<string> Ak { get; } = new("--ak") { Description = "The access key. Default: env DBLOGS_AK.", HelpName = "AK", Recursive = true };

    public Option<string> Sk { get; } = new("--sk")
    {
        Description = "The secret key. Default: env DBLOGS_SK (prefer it: arguments show in the process list).",
        HelpName = "SK",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the API's JSON instead of tables.", Recursive = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(ProjectId);
        command.Options.Add(Ak);
        command.Options.Add(Sk);
        command.Options.Add(Json);
    }
}

/// <summary>Builds each invocation's client and output from the settings and the parsed global options.</summary>
internal sealed class RdsContext(RdsCommandSettings settings)
{
    public RdsGlobalOptions Globals { get; } = new();

    public TextWriter Error => settings.Error ?? Console.Error;

    public CliOutput Output() => settings.Out is { } writer ? new CliOutput(writer, isTerminal: false) : CliOutput.ForConsole();

    /// <summary>The signed client, or a usage message naming what is missing.</summary>
    public (RdsCloudClient? Client, string? Problem) Connect(ParseResult parse)
    {
        string? Value(Option<string> option, string variable) =>
            parse.GetValue(option) is { Length: > 0 } given ? given : settings.Environment(variable) is { Length: > 0 } env ? env : null;

        var server = Value(Globals.Server, "DBLOGS_SERVER") ?? DbLogsServer.DefaultUrl;
        var projectId = Value(Globals.ProjectId, "DBLOGS_PROJECT_ID");
        var ak = Value(Globals.Ak, "DBLOGS_AK");
        var sk = Value(Globals.Sk, "DBLOGS_SK");
        if (projectId is null || ak is null || sk is null)
        {
            return (null, "--project-id, --ak and --sk (or DBLOGS_PROJECT_ID, DBLOGS_AK, DBLOGS_SK) are required.");
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"--server {server} is not an http(s) URL.");
        }

        var handler = settings.HandlerFactory?.Invoke() ?? new SocketsHttpHandler();
        return (new RdsCloudClient(uri, projectId, ak, sk, handler), null);
    }
}
