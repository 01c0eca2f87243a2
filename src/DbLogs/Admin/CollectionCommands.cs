using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Admin;

/// <summary><c>dblogs admin sources</c> (the operator view of collection) and <c>dblogs admin agent-key create|list|revoke</c>.</summary>
internal static class CollectionCommands
{
    public static Command Sources(AdminContext context)
    {
        var instance = new Option<string>("--instance") { Description = "Only this instance's sources.", HelpName = "ID" };
        var command = new Command("sources", "Each collected log: its file, stored offset, lag in bytes and seconds, last error and recorded gaps.") { instance };
        command.Action = context.Action(async (run, ct) =>
        {
            var path = AdminClient.Route("sources") + (run.Value(instance) is { } id ? "?instance_id=" + Uri.EscapeDataString(id) : string.Empty);
            using var response = await run.Client.GetAsync(path, ct);
            return run.Print(response, body => WriteSources(run.Out, body));
        });
        return command;
    }

    public static Command AgentKey(AdminContext context)
    {
        var instance = new Argument<string>("INSTANCE") { Description = "The instance whose logs the agent may write." };
        var create = new Command("create", "Issue a key for `dblogs agent` (shown once).") { instance };
        create.Action = context.Action(async (run, ct) =>
        {
            using var response = await run.Client.PostAsync(AdminClient.Route("instances", run.Value(instance)!, "agent-keys"), null, ct);
            return run.Print(response, created =>
            {
                run.Out.Line($"Agent key for instance {created.Field("instance_id")}: {created.Field("key")} (id {created.Field("id")})");
                run.Out.Line("Put it in the agent's configuration (agent_key); it will not be shown again.");
            });
        });
        var listed = new Argument<string>("INSTANCE") { Description = "The instance whose agent keys to list." };
        var list = new Command("list", "The instance's agent keys: id and when each was issued (the keys themselves are not kept).") { listed };
        list.Action = context.Action(async (run, ct) =>
        {
            using var response = await run.Client.GetAsync(AdminClient.Route("instances", run.Value(listed)!, "agent-keys"), ct);
            return run.Print(response, keys =>
            {
                var table = new CliTable("Key id", "Instance", "Issued");
                foreach (var key in keys.Items())
                {
                    table.Row(key.Field("id"), key.Field("instance_id"), run.Out.Time(key.Field("created_at")));
                }

                run.Out.Table(table, "No agent keys.");
            });
        });
        var revokedInstance = new Argument<string>("INSTANCE") { Description = "The instance the key writes." };
        var revokedKey = new Argument<string>("KEY") { Description = "The key id from `agent-key list`, or the key itself." };
        var revoke = new Command("revoke", "Revoke an agent key: agents using it stop with exit code 3.") { revokedInstance, revokedKey };
        revoke.Action = context.Action(async (run, ct) =>
        {
            using var response = await run.Client.DeleteAsync(AdminClient.Route("instances", run.Value(revokedInstance)!, "agent-keys", run.Value(revokedKey)!), ct);
            return run.Print(response, _ => run.Out.Line($"Revoked agent key {run.Value(revokedKey)}."));
        });
        var command = new Command("agent-key", "Keys that let `dblogs agent` ship one instance's logs.");
        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        command.Action = context.GroupAction();
        return command;
    }

    private static void WriteSources(CliOutput output, JsonElement sources)
    {
        var table = new CliTable("Instance", "Node", "Kind", "File", "Offset", "Lag", "Last batch", "Last error", "Gaps")
            .Truncate("File", "Last error", "Gaps").Optional("Offset", "Last batch", "Gaps", "Last error", "Node");
        foreach (var source in sources.Items())
        {
            var gaps = source.GetProperty("gaps").EnumerateArray()
                .Select(g => $"{Missed(source, g.GetProperty("bytes").GetInt64())} of {g.Field("file_path")} ({g.Field("reason")})")
                .ToList(); // a slowlog gap counts missed entries, not bytes
            table.Row(source.Field("instance_id"), source.Field("node_id"), source.Field("kind"), source.Field("file") ?? "-",
                source.Field("file_offset") ?? "-",
                string.Create(CultureInfo.InvariantCulture, $"{ByteSize.Format(source.GetProperty("lag_bytes").GetInt64())} / {source.GetProperty("lag_seconds").GetDouble():0.#} s"),
                output.Time(source.Field("last_batch_at")) ?? "-", source.Field("last_error") ?? "-", gaps.Count == 0 ? "none" : string.Join("; ", gaps));
        }

        output.Table(table, "No sources have shipped anything yet.");
    }

    /// <summary>What a gap missed: entries of a slow log, bytes of a file.</summary>
    private static string Missed(JsonElement source, long amount) =>
        source.Field("kind") == "redis-slowlog" ? string.Create(CultureInfo.InvariantCulture, $"{amount} entries") : ByteSize.Format(amount);
}
