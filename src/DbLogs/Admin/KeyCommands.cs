using System.CommandLine;
using System.Text.Json;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Admin;

/// <summary><c>dblogs admin key list|create|delete --project P</c>: the AK/SK pairs that sign API requests.</summary>
internal static class KeyCommands
{
    public static Command Create(AdminContext context)
    {
        var command = new Command("key", "A project's access keys (AK/SK pairs that sign requests, as the cloud SDKs do).");
        command.Subcommands.Add(ListCommand(context));
        command.Subcommands.Add(CreateCommand(context));
        command.Subcommands.Add(DeleteCommand(context));
        command.Action = context.GroupAction();
        return command;
    }

    private static Command ListCommand(AdminContext context)
    {
        var project = ProjectOption.Create();
        var command = new Command("list", "List a project's access keys (the secrets are never shown again).") { project };
        command.Action = context.Action(async (run, ct) =>
        {
            var projectId = await run.ResolveProjectAsync(run.Value(project)!, ct);
            using var response = await run.Client.GetAsync(AdminClient.Route("projects", projectId, "access-keys"), ct);
            return run.Print(response, body => WriteList(run.Out, body));
        });
        return command;
    }

    private static Command CreateCommand(AdminContext context)
    {
        var project = ProjectOption.Create();
        var ak = new Option<string>("--ak") { Description = "The access key id. Default: a new random one.", HelpName = "AK" };
        var sk = new Option<string>("--sk") { Description = "The secret key. Default: a new random one.", HelpName = "SK" };
        var command = new Command("create", "Create an access key; its secret key is printed this once.") { project, ak, sk };
        command.Action = context.Action(async (run, ct) =>
        {
            var given = new CreateKeyBody(run.Value(ak), run.Value(sk));
            if (given.Sk is { Length: 0 })
            {
                throw AdminCliException.Usage("--sk must not be empty");
            }

            var projectId = await run.ResolveProjectAsync(run.Value(project)!, ct);
            var body = given.Ak is null && given.Sk is null ? null : JsonSerializer.Serialize(given, AdminJson.Options);
            using var response = await run.Client.PostAsync(AdminClient.Route("projects", projectId, "access-keys"), body, ct);
            var code = run.Print(response, created =>
            {
                run.Out.Line($"Created access key in project {created.Field("project_id")}.");
                run.Out.Line($"AK: {created.Field("ak")}");
                run.Out.Line($"SK: {created.Field("sk")}");
                run.Out.Line("Store the SK now: it will not be shown again.");
            });
            if (run.Json)
            {
                await run.Error.WriteLineAsync("note: store the SK now: it will not be shown again.");
            }

            return code;
        });
        return command;
    }

    private static Command DeleteCommand(AdminContext context)
    {
        var project = ProjectOption.Create();
        var ak = new Argument<string>("AK") { Description = "The access key id." };
        var command = new Command("delete", "Delete an access key.") { project, ak };
        command.Action = context.Action(async (run, ct) =>
        {
            var key = run.Value(ak)!;
            var projectId = await run.ResolveProjectAsync(run.Value(project)!, ct);
            using var response = await run.Client.DeleteAsync(AdminClient.Route("projects", projectId, "access-keys", key), ct);
            return run.Print(response, _ => run.Out.Line($"Deleted access key {key} from project {projectId}."));
        });
        return command;
    }

    private static void WriteList(CliOutput output, JsonElement keys)
    {
        var table = new CliTable("AK", "Created");
        foreach (var key in keys.Items())
        {
            table.Row(key.Field("ak"), output.Time(key.Field("created_at")));
        }

        output.Table(table, "No access keys.");
    }

    private sealed record CreateKeyBody(string? Ak, string? Sk);
}
