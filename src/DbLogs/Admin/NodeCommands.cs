using System.CommandLine;
using System.Text.Json;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Admin;

/// <summary><c>dblogs admin nodes</c>: the service nodes sharing the store, their last heartbeat and the work leases each holds.</summary>
internal static class NodeCommands
{
    public static Command Create(AdminContext context)
    {
        var command = new Command("nodes", "The service nodes sharing this store (heard from within the hour): last heartbeat, live or not, and the work each holds.");
        command.Action = context.Action(async (run, ct) =>
        {
            using var response = await run.Client.GetAsync(AdminClient.Route("nodes"), ct);
            return run.Print(response, nodes => Write(run.Out, nodes));
        });
        return command;
    }

    private static void Write(CliOutput output, JsonElement nodes)
    {
        var table = new CliTable("Node", "Address", "Version", "Started", "Last heartbeat", "State", "Leases").Truncate("Leases", "Address");
        foreach (var node in nodes.Items())
        {
            var leases = node.GetProperty("leases").EnumerateArray().Select(l => l.Field("name")).ToList();
            var state = node.GetProperty("live").GetBoolean() ? "live" : "silent";
            table.Row(node.Field("id") + (node.GetProperty("self").GetBoolean() ? " (this)" : string.Empty), node.Field("address") is { Length: > 0 } a ? a : "-",
                node.Field("version"), output.Time(node.Field("started_at")), output.Time(node.Field("heartbeat_at")), state,
                leases.Count == 0 ? "none" : $"{leases.Count}: {string.Join(", ", leases)}");
        }

        output.Table(table, "No service node has beaten within the hour.");
    }
}
