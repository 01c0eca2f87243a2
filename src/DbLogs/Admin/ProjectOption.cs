using System.CommandLine;

namespace DbLogs.Cli.Admin;

/// <summary>The <c>--project</c> option of the commands that work inside one project.</summary>
internal static class ProjectOption
{
    public static Option<string> Create() => new("--project")
    {
        Description = "The project: its id, or its name.",
        HelpName = "P",
        Required = true,
    };
}
