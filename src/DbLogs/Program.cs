using System.CommandLine;
using DbLogs.Cli.Commands;

var root = new RootCommand("DbLogs: a self-hosted log service for Redis and MariaDB/MySQL fleets, with Huawei Cloud DCS v2 / RDS v3 compatible APIs.");
root.Subcommands.Add(ServeCommand.Create(args));
root.Subcommands.Add(AgentCommand.Create());
root.Subcommands.Add(DbLogs.Cli.Admin.AdminCommand.Create());
// TEMPORARY (auditpolicy branch): the rds group's own branch creates `rds`; only the policy command is added there.
root.Subcommands.Add(new Command("rds", "RDS v3 log APIs.") { new Command("auditlogs", "SQL audit logs.") { DbLogs.Cli.Rds.AuditPolicyCommand.Create() } });
return await root.Parse(args).InvokeAsync();
