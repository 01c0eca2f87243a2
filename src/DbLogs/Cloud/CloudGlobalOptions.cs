using System.CommandLine;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Cloud;

/// <summary>Where and as whom the cloud-API commands call: options, each with an environment variable as fallback.</summary>
public sealed class CloudGlobalOptions
{
    public const string EndpointVariable = EndpointOptions.Variable;
    public const string ProjectVariable = "DBLOGS_PROJECT_ID";
    public const string AkVariable = "DBLOGS_AK";
    public const string SkVariable = "DBLOGS_SK";

    public EndpointOptions Endpoint { get; } = new();

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

    public Option<bool> Local { get; } = LocalTimeOption.Create();

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Show the API's full error details (the canonical request the service computed when a signature does not match).",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Endpoint.AddTo(command);
        command.Options.Add(ProjectId);
        command.Options.Add(Ak);
        command.Options.Add(Sk);
        command.Options.Add(Json);
        command.Options.Add(Local);
        command.Options.Add(Verbose);
    }
}
