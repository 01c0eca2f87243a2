using System.CommandLine;
using System.Text.Json;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Admin;

/// <summary><c>dblogs admin project list|create|delete</c>.</summary>
internal static class ProjectCommands
{
    public static Command Create(AdminContext context)
    {
        var command = new Command("project", "Projects: the tenants that own users, access keys and instances.");
        command.Subcommands.Add(ListCommand(context));
        command.Subcommands.Add(CreateCommand(context));
        command.Subcommands.Add(DeleteCommand(context));
        command.Action = context.GroupAction();
        return command;
    }

    private static Command ListCommand(AdminContext context)
    {
        var command = new Command("list", "List the projects.");
        command.Action = context.Action(async (run, ct) =>
        {
            using var response = await run.Client.GetAsync(AdminClient.Route("projects"), ct);
            return run.Print(response, body => WriteList(run.Out, body));
        });
        return command;
    }

    private static Command CreateCommand(AdminContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The project's name (letters, digits, '-', '_', '.')." };
        var id = new Option<string>("--id") { Description = "The project id (32 lowercase hex characters). Default: a new one.", HelpName = "ID" };
        var command = new Command("create", "Create a project.") { name, id };
        command.Action = context.Action(async (run, ct) =>
        {
            var body = JsonSerializer.Serialize(new CreateProjectBody(run.Value(id), run.Value(name)!), AdminJson.Options);
            using var response = await run.Client.PostAsync(AdminClient.Route("projects"), body, ct);
            return run.Print(response, created =>
                run.Out.Line($"Created project {created.Field("name")} (id {created.Field("id")})."));
        });
        return command;
    }

    private static Command DeleteCommand(AdminContext context)
    {
        var id = new Argument<string>("ID") { Description = "The project id (or its name)." };
        var command = new Command("delete", "Delete a project with all its users, access keys, instances and logs.") { id };
        command.Action = context.Action(async (run, ct) =>
        {
            var projectId = await run.ResolveProjectAsync(run.Value(id)!, ct);
            using var response = await run.Client.DeleteAsync(AdminClient.Route("projects", projectId), ct);
            return run.Print(response, _ => run.Out.Line($"Deleted project {projectId}."));
        });
        return command;
    }

    private static void WriteList(CliOutput output, JsonElement projects)
    {
        var table = new CliTable("ID", "Name", "Created").Truncate("Name");
        foreach (var project in projects.Items())
        {
            table.Row(project.Field("id"), project.Field("name"), output.Time(project.Field("created_at")));
        }

        output.Table(table, "No projects.");
    }

    private sealed record CreateProjectBody(string? Id, string Name);
}
