using System.CommandLine;
using DbLogs.Server;

namespace DbLogs.Cli.Cloud;

/// <summary>Where and as whom the cloud-API commands call: options, each with an environment variable as fallback.</summary>
public sealed class CloudGlobalOptions
{
    public const string EndpointVariable = "DBLOGS_ENDPOINT";
    public const string ProjectVariable = "DBLOGS_PROJECT_ID";
    public const string AkVariable = "DBLOGS_AK";
    public const string SkVariable = "DBLOGS_SK";

    public Option<string> Endpoint { get; } = new("--endpoint")
    {
        Description = $"The service's URL. Default: env {EndpointVariable}, else {DbLogsServer.DefaultUrl}.",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string> ProjectId { get; } = new("--project-id")
    {
        Description = $"The project id (path and X-Project-Id). Default: env {ProjectVariable}.",
        HelpName = "ID",
        Recursive = true,
    };

    public Option<string> Ak { get; } = new("--ak")
    {
        Description = $"The access key. Default: env {AkVariable}.",
        HelpName = "AK",
        Recursive = true,
    };

    public Option<string> Sk { get; } = new("--sk")
    {
        Description = $"The secret key (prefer env {SkVariable}: options show up in process lists).",
        HelpName = "SK",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the API's JSON (indented) instead of tables, for scripts.",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Endpoint);
        command.Options.Add(ProjectId);
        command.Options.Add(Ak);
        command.Options.Add(Sk);
        command.Options.Add(Json);
    }
}
