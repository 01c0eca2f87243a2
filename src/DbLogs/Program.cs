using System.CommandLine;
using DbLogs.Cli.Commands;

var root = new RootCommand("DbLogs: a self-hosted log service for Redis and MariaDB/MySQL fleets, with Huawei Cloud DCS v2 / RDS v3 compatible APIs.");
root.Subcommands.Add(ServeCommand.Create(args));
root.Subcommands.Add(AgentCommand.Create());
root.Subcommands.Add(DbLogs.Cli.Admin.AdminCommand.Create());
root.Subcommands.Add(DbLogs.Cli.Rds.RdsCommand.Create());
root.Subcommands.Add(DbLogs.Cli.Redis.RedisCommand.Create());
root.Subcommands.Add(DbLogs.Cli.Tail.TailCommand.Create());
root.Action = new UsageAction();
var parse = root.Parse(args);
// The agent stops on SIGTERM by itself (saving its checkpoint, exit code 0), as the native agent does; tail ends on
// Ctrl-C with 0 however long closing its stream takes (System.CommandLine would answer 130 after 2 seconds).
var handlesSignals = parse.CommandResult.Command.Name is "agent" or "tail";
return await parse.InvokeAsync(handlesSignals ? new InvocationConfiguration { ProcessTerminationTimeout = null } : null);
