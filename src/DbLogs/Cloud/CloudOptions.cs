using System.CommandLine;

namespace DbLogs.Cli.Cloud;

/// <summary>Options that several cloud-API commands take, named and described the same everywhere.</summary>
internal static class CloudOptions
{
    public static Option<string> Instance() => new("--instance")
    {
        Description = "The instance id.",
        HelpName = "ID",
        Required = true,
    };

    public static Option<int> Offset(string description) => new("--offset") { Description = description, HelpName = "N", DefaultValueFactory = _ => 0 };

    public static Option<int> Limit(string description, int defaultValue) => new("--limit")
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultValue,
    };
}
