using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DbLogs.Cli.Admin;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Redis;

/// <summary><c>dblogs redis slowlog</c>: ListSlowlog of an instance (the SLOWLOG entries the collectors polled), newest first.</summary>
internal static class RedisSlowlogCommand
{
    public static Command Create(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var instance = CloudOptions.Instance();
        var window = new TimeWindowOptions(TimeSpan.FromHours(1));
        var sortKey = new Option<string>("--sort-key") { Description = "start_time or duration.", DefaultValueFactory = _ => "start_time" };
        sortKey.AcceptOnlyFromAmong("start_time", "duration");
        var sortDir = new Option<string>("--sort-dir") { Description = "desc or asc.", DefaultValueFactory = _ => "desc" };
        sortDir.AcceptOnlyFromAmong("desc", "asc");
        var offset = CloudOptions.Offset("Entries to skip.");
        var limit = CloudOptions.Limit("Entries to show (1-1000).", 10, 1000);
        var command = new Command("slowlog", "List the slow commands of a Redis instance (SLOWLOG entries the collectors polled).") { instance };
        window.AddTo(command);
        command.Options.Add(sortKey);
        command.Options.Add(sortDir);
        command.Options.Add(offset);
        command.Options.Add(limit);
        command.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            var (start, end) = window.Resolve(run);
            var query = string.Create(CultureInfo.InvariantCulture,
                $"offset={run.Value(offset)}&limit={run.Value(limit)}&sort_key={run.Value(sortKey)}&sort_dir={run.Value(sortDir)}" +
                $"&start_time={start.ToUnixTimeMilliseconds()}&end_time={end.ToUnixTimeMilliseconds()}");
            using var body = await run.Client.GetAsync(
                $"v2/{PathSegment.Escape(run.ProjectId)}/instances/{PathSegment.Escape(run.Value(instance)!)}/slowlog?{query}", token);
            run.Print(body, PrintTable);
        });
        return command;
    }

    private static void PrintTable(CliOutput output, JsonElement body)
    {
        var table = new CliTable("Id", "Start", "Duration µs", "Shard", "Role", "Client", "User", "Command")
            .Truncate("Command").Optional("User", "Role", "Shard", "Client");
        foreach (var item in body.GetProperty("slowlogs").EnumerateArray())
        {
            table.Row(item.Field("id"), output.Time(item.Field("start_time")), item.Field("duration"), item.Field("shard_name"), item.Field("node_role"),
                item.Field("client_ip"), item.Field("username"), item.Field("command"));
        }

        output.Table(table, "No slow commands in this window.");
        output.Line(string.Create(CultureInfo.InvariantCulture, $"{table.Count} of {body.GetProperty("total_num").GetInt64()}"));
    }
}
