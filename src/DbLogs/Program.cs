using System.CommandLine;
using DbLogs.Cli.Commands;

var root = new RootCommand("DbLogs: a self-hosted log service for Redis and MariaDB/MySQL fleets, with Huawei Cloud DCS v2 / RDS v3 compatible APIs.");
root.Subcommands.Add(ServeCommand.Create(args));
root.Subcommands.Add(AgentCommand.Create());
root.Subcommands.Add(DbLogs.Cli.Admin.AdminCommand.Create());
// Temporary: the rds group proper comes from another branch; keep only its errorlog and slowlog subcommands when merging.
var rds = new Command("rds", "RDS v3 log APIs of an instance, signed with an access key.");
rds.Subcommands.Add(DbLogs.Cli.Rds.ErrorLogCommand.Create());
rds.Subcommands.Add(DbLogs.Cli.Rds.SlowLogCommand.Create());
root.Subcommands.Add(rds);
return await root.Parse(args).InvokeAsync();
