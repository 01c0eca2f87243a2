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

    public static Option<int> Offset(string description) =>
        new Option<int>("--offset") { Description = description, HelpName = "N", DefaultValueFactory = _ => 0 }.AtLeast(0);

    /// <summary><c>--limit</c>, from 1 to <paramref name="max"/> as the API documents it.</summary>
    public static Option<int> Limit(string description, int defaultValue, int max) => new Option<int>("--limit")
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultValue,
    }.Within(1, max);
}
