using System.CommandLine;
using DbLogs.Cli.Commands;

var root = new RootCommand("DbLogs: a self-hosted log service for Redis and MariaDB/MySQL fleets, with Huawei Cloud DCS v2 / RDS v3 compatible APIs.");
root.Subcommands.Add(ServeCommand.Create(args));
root.Subcommands.Add(AgentCommand.Create());
root.Subcommands.Add(DbLogs.Cli.Admin.AdminCommand.Create());
root.Subcommands.Add(new Command("redis", "Redis logs of an instance, through the DCS-compatible API.") { DbLogs.Cli.Redis.RedisSlowlogCommand.Create() }); // temporary group; the merger reconciles
return await root.Parse(args).InvokeAsync();
