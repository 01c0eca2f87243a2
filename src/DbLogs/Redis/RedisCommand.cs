using System.CommandLine;
using DbLogs.Cli.Cloud;

namespace DbLogs.Cli.Redis;

/// <summary><c>dblogs redis</c>: Redis logs through the DCS v2 compatible API, signed with AK/SK.</summary>
public static class RedisCommand
{
    public static Command Create(CloudCommandSettings? settings = null)
    {
        settings ??= new CloudCommandSettings();
        var globals = new CloudGlobalOptions();
        var command = new Command("redis", "Redis logs through the DCS v2 compatible API (AK/SK signed).");
        globals.AddTo(command);
        command.Action = new CloudAction(settings, globals);
        command.Subcommands.Add(RunLogCommands.Create(settings, globals));
        command.Subcommands.Add(RedisSlowlogCommand.Create(settings, globals));
        return command;
    }
}
