using System.CommandLine;
using DbLogs.Cli.Cloud;

namespace DbLogs.Cli.Rds;

/// <summary><c>dblogs rds</c>: the RDS v3 log APIs of a DbLogs service (or the cloud), called signed with AK/SK.</summary>
public static class RdsCommand
{
    public static Command Create(CloudCommandSettings? settings = null)
    {
        settings ??= new CloudCommandSettings();
        var globals = new CloudGlobalOptions();
        var command = new Command("rds", "RDS v3 log APIs (MySQL/MariaDB instances), signed with an access key.");
        globals.AddTo(command);
        command.Action = new CloudAction(settings, globals);
        command.Subcommands.Add(AuditLogCommands.Create(settings, globals));
        command.Subcommands.Add(AuditSearchCommand.Create(settings, globals));
        command.Subcommands.Add(ErrorLogCommand.Create(settings, globals));
        command.Subcommands.Add(SlowLogCommand.Create(settings, globals));
        return command;
    }

    /// <summary>The API path of an instance, relative to the endpoint.</summary>
    internal static string InstancePath(CloudInvocation run, string instance) =>
        $"v3/{PathSegment.Escape(run.ProjectId)}/instances/{PathSegment.Escape(instance)}";
}
