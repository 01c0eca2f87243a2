using System.CommandLine;
using System.Text.Json;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Admin;

/// <summary><c>dblogs admin user list|create|delete --project P</c>: the users that sign in for IAM-style tokens.</summary>
internal static class UserCommands
{
    public static Command Create(AdminContext context)
    {
        var command = new Command("user", "A project's users (they obtain tokens with their password).");
        command.Subcommands.Add(ListCommand(context));
        command.Subcommands.Add(CreateCommand(context));
        command.Subcommands.Add(DeleteCommand(context));
        command.Action = context.GroupAction();
        return command;
    }

    private static Command ListCommand(AdminContext context)
    {
        var project = ProjectOption.Create();
        var command = new Command("list", "List a project's users.") { project };
        command.Action = context.Action(async (run, ct) =>
        {
            var projectId = await run.ResolveProjectAsync(run.Value(project)!, ct);
            using var response = await run.Client.GetAsync(AdminClient.Route("projects", projectId, "users"), ct);
            return run.Print(response, body => WriteList(run.Out, body));
        });
        return command;
    }

    private static Command CreateCommand(AdminContext context)
    {
        var project = ProjectOption.Create();
        var name = new Argument<string>("NAME") { Description = "The user's name (letters, digits, '-', '_', '.')." };
        var password = new Option<string>("--password")
        {
            Description = $"The password. Default: env {AdminInvocation.PasswordVariable}, else asked for on the terminal " +
                "(safer than this option, which other users can see in the process list).",
            HelpName = "PW",
        };
        var command = new Command("create", "Create a user in a project.") { project, name, password };
        command.Action = context.Action(async (run, ct) =>
        {
            var userName = run.Value(name)!;
            var secret = run.ReadPassword(run.Value(password), $"Password for {userName}");
            var projectId = await run.ResolveProjectAsync(run.Value(project)!, ct);
            var body = JsonSerializer.Serialize(new CreateUserBody(userName, secret), AdminJson.Options);
            using var response = await run.Client.PostAsync(AdminClient.Route("projects", projectId, "users"), body, ct);
            return run.Print(response, created =>
                run.Out.Line($"Created user {created.Field("name")} (id {created.Field("id")}) in project {created.Field("project_id")}."));
        });
        return command;
    }

    private static Command DeleteCommand(AdminContext context)
    {
        var project = ProjectOption.Create();
        var name = new Argument<string>("NAME") { Description = "The user's name." };
        var command = new Command("delete", "Delete a user (and the tokens issued to it).") { project, name };
        command.Action = context.Action(async (run, ct) =>
        {
            var userName = run.Value(name)!;
            var projectId = await run.ResolveProjectAsync(run.Value(project)!, ct);
            using var response = await run.Client.DeleteAsync(AdminClient.Route("projects", projectId, "users", userName), ct);
            return run.Print(response, _ => run.Out.Line($"Deleted user {userName} from project {projectId}."));
        });
        return command;
    }

    private static void WriteList(CliOutput output, JsonElement users)
    {
        var table = new CliTable("Name", "ID", "Created").Truncate("Name");
        foreach (var user in users.Items())
        {
            table.Row(user.Field("name"), user.Field("id"), output.Time(user.Field("created_at")));
        }

        output.Table(table, "No users.");
    }

    private sealed record CreateUserBody(string Name, string Password);
}
