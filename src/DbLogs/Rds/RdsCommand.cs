using System.CommandLine;

namespace DbLogs.Cli.Rds;

/// <summary><c>dblogs rds</c>: the RDS v3 log APIs of a DbLogs service (or the cloud), called signed with AK/SK.</summary>
public static class RdsCommand
{
    public static Command Create(RdsCommandSettings? settings = null)
    {
        var context = new RdsContext(settings ?? new RdsCommandSettings());
        var command = new Command("rds", "RDS v3 log APIs (MySQL/MariaDB instances), signed with an access key.");
        context.Globals.AddTo(command);
        command.Subcommands.Add(AuditLogCommands.Create(context));
        command.Subcommands.Add(ErrorLogCommand.Create());
        command.Subcommands.Add(SlowLogCommand.Create());
        return command;
    }
}
