using System.CommandLine;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Admin;

/// <summary>
/// <c>dblogs admin</c>: projects, users, access keys and instances, through the running service's admin API
/// (<c>/admin/v1</c>, authenticated with the admin key from the service's data directory).
/// </summary>
public static class AdminCommand
{
    public static Command Create(Func<HttpMessageHandler>? handlerFactory = null, TextWriter? stdout = null, TextWriter? stderr = null) =>
        Create(new AdminCommandSettings { HandlerFactory = handlerFactory, Out = stdout, Error = stderr });

    public static Command Create(AdminCommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var context = new AdminContext(settings, new AdminGlobalOptions());
        var command = new Command("admin", "Manage projects, users, access keys and instances through the service's admin API.");
        context.Globals.AddTo(command);
        command.Subcommands.Add(ProjectCommands.Create(context));
        command.Subcommands.Add(UserCommands.Create(context));
        command.Subcommands.Add(KeyCommands.Create(context));
        command.Subcommands.Add(InstanceCommands.Create(context));
        command.Subcommands.Add(CollectionCommands.Sources(context));
        command.Subcommands.Add(CollectionCommands.AgentKey(context));
        command.Subcommands.Add(NodeCommands.Create(context));
        command.Subcommands.Add(MigrateStoreCommand.Create(settings));
        command.Action = context.GroupAction();
        return command;
    }
}

/// <summary>The options every <c>admin</c> command takes, before or after its subcommand.</summary>
internal sealed class AdminGlobalOptions
{
    public const string AdminKeyVariable = "DBLOGS_ADMIN_KEY";
    public const string DataVariable = "DBLOGS_DATA";

    public EndpointOptions Endpoint { get; } = new();

    public Option<string> AdminKey { get; } = new("--admin-key")
    {
        Description = $"The admin key. Default: env {AdminKeyVariable}, else the admin.key file in the data directory (--data).",
        HelpName = "KEY",
        Recursive = true,
    };

    public Option<string> Data { get; } = new("--data")
    {
        Description = $"The service's data directory, to read admin.key from. Default: env {DataVariable}, else ./data.",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the API's JSON (indented) instead of tables, for scripts.",
        Recursive = true,
    };

    public Option<bool> Local { get; } = LocalTimeOption.Create();

    public void AddTo(Command command)
    {
        Endpoint.AddTo(command);
        command.Options.Add(AdminKey);
        command.Options.Add(Data);
        command.Options.Add(Json);
        command.Options.Add(Local);
    }
}
