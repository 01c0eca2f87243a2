using System.CommandLine;
using DbLogs.Collection.Agent;

namespace DbLogs.Cli.Commands;

/// <summary>
/// <c>dblogs agent --config FILE</c>: tails the configured log files and ships them to the service. It replaces
/// itself with the native <c>dblogs-agent</c> built next to it (same process, a fraction of the memory), and runs
/// the same agent in this .NET process when that binary is missing or <c>--in-process</c> is given.
/// </summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Agent configuration file (JSON or YAML; see docs/collection.md).", Required = true };
        var inProcess = new Option<bool>("--in-process")
        {
            Description = "Run in this .NET process instead of the native dblogs-agent next to dblogs (same behaviour, several times the memory).",
        };
        var command = new Command("agent", "Collect log files on this host and ship them to a DbLogs service.") { config, inProcess };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(config)!, parse.GetValue(inProcess)));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, bool inProcess)
    {
        if (!inProcess && NativeAgent.Find() is { } native)
        {
            var errno = NativeAgent.Exec(native, configPath);
            await Console.Error.WriteLineAsync($"dblogs agent: could not start {native} (errno {errno}); running in this process instead");
        }

        return await AgentRunner.RunUntilStoppedAsync(configPath, Console.Error);
    }
}
