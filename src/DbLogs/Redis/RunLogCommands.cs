using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DbLogs.Cli.Admin;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Redis;

/// <summary><c>dblogs redis runlogs list|collect|download</c>: ListRedislog, CreateRedislog and CreateRedislogDownloadLink.</summary>
internal static class RunLogCommands
{
    private static readonly TimeSpan WaitPoll = TimeSpan.FromMilliseconds(500);

    public static Command Create(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var command = new Command("runlogs", "Redis run logs: one file per replica and day, collected on request.")
        {
            Action = new CloudAction(settings, globals),
        };
        command.Subcommands.Add(List(settings, globals));
        command.Subcommands.Add(Collect(settings, globals));
        command.Subcommands.Add(Download(settings, globals));
        return command;
    }

    private static Option<string> ReplicationOption(string description) => new("--replication-id") { Description = description, HelpName = "ID" };

    private static Command List(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var instance = CloudOptions.Instance();
        var replication = ReplicationOption("Only this replica's files.");
        var offset = CloudOptions.Offset("Entries to skip.");
        var limit = CloudOptions.Limit("Entries to show (1-1000).", 100, 1000);
        var command = new Command("list", "List collected run-log files, newest day first.") { instance, replication, offset, limit };
        command.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            using var body = await run.Client.GetAsync(RedislogPath(run, run.Value(instance)!,
                $"log_type=run&offset={run.Value(offset)}&limit={run.Value(limit)}" + ReplicationQuery(run.Value(replication))), token);
            Print(run, body);
        });
        return command;
    }

    private static Command Collect(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var instance = CloudOptions.Instance();
        var replication = ReplicationOption("The replica to collect from (needed unless the instance has one node).");
        var queryTime = new Option<int>("--query-time")
        {
            Description = "0: today; 1, 3 or 7: the last n days, today included (the node's calendar days).",
            DefaultValueFactory = _ => 0,
        }.OneOf(0, 1, 3, 7);
        var wait = new Option<bool>("--wait") { Description = "Wait until the collection finished, then list the replica's files." };
        var command = new Command("collect", "Start collecting run-log day files from a replica.") { instance, replication, queryTime, wait };
        command.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            var id = run.Value(instance)!;
            var replica = run.Value(replication);
            (await run.Client.PostAsync(RedislogPath(run, id,
                $"query_time={run.Value(queryTime).ToString(CultureInfo.InvariantCulture)}&log_type=run" + ReplicationQuery(replica)), null, token))?.Dispose();
            if (!run.Value(wait))
            {
                run.Out.Line("Collection started; see 'dblogs redis runlogs list'.");
                return;
            }

            while (true)
            {
                var body = await run.Client.GetAsync(RedislogPath(run, id, "log_type=run&offset=0&limit=1000" + ReplicationQuery(replica)), token);
                using (body)
                {
                    if (body is null || !Entries(body.RootElement).Any(e => e.Field("status") == "collecting"))
                    {
                        Print(run, body);
                        return;
                    }
                }

                await Task.Delay(WaitPoll, token);
            }
        });
        return command;
    }

    private static Command Download(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var instance = CloudOptions.Instance();
        var id = new Option<string>("--id") { Description = "The file's id (see 'list').", HelpName = "ID", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Where to save it. Default: the file's own name, here.", HelpName = "FILE" };
        var command = new Command("download", "Download a collected run-log file through a signed link.") { instance, id, output };
        command.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            var fileId = run.Value(id)!;
            using var body = await RunLogFileLinkAsync(run, run.Value(instance)!, fileId, token);
            var link = body?.RootElement.Field("link") ?? throw new CloudCliException(AdminExitCodes.ApiError, "the answer carries no link");
            var (path, bytes) = await run.Client.DownloadAsync(link,
                response => FileDownload.SaveAsync(response, run.Value(output), "redis-run.log", settings.IsTerminal, token), token);
            run.Out.Line($"Saved {bytes.ToString(CultureInfo.InvariantCulture)} bytes to {path}");
        });
        return command;
    }

    /// <summary>
    /// CreateRedislogDownloadLink. DCS answers an unknown file id as an unknown URL (DCS.4001); said here as what it
    /// means.
    /// </summary>
    private static async Task<JsonDocument?> RunLogFileLinkAsync(CloudInvocation run, string instance, string fileId, CancellationToken ct)
    {
        try
        {
            return await run.Client.PostAsync($"v2/{Escape(run.ProjectId)}/instances/{Escape(instance)}/redislog/{Escape(fileId)}/links", null, ct);
        }
        catch (CloudCliException ex) when (ex.ApiCode == "DCS.4001")
        {
            throw new CloudCliException(ex.Status, ex.ApiCode,
                $"HTTP {ex.Status} {ex.ApiCode}: run-log file {fileId} does not exist in instance {instance} (see 'dblogs redis runlogs list')");
        }
    }

    private static void Print(CloudInvocation run, JsonDocument? body)
    {
        if (run.Json)
        {
            if (body is not null)
            {
                run.Out.Json(body.RootElement);
            }

            return;
        }

        // The file name is redis_{replica ip}_{day}.log: a narrow terminal shows the id, the day and the replica instead.
        var table = new CliTable("ID", "Day", "Group", "Replica IP", "Status", "File").Truncate("File").Optional("File", "Group");
        foreach (var entry in body is null ? [] : Entries(body.RootElement))
        {
            table.Row(entry.Field("id"), entry.Field("time"), entry.Field("group_name"), entry.Field("replication_ip"), entry.Field("status"),
                entry.Field("file_name"));
        }

        run.Out.Table(table, "No run-log files.");
    }

    private static IEnumerable<JsonElement> Entries(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("file_list", out var list) ? list.Items() : [];

    private static string RedislogPath(CloudInvocation run, string instance, string query) =>
        $"v2/{Escape(run.ProjectId)}/instances/{Escape(instance)}/redislog?{query}";

    private static string ReplicationQuery(string? replication) =>
        string.IsNullOrEmpty(replication) ? string.Empty : "&replication_id=" + Escape(replication);

    private static string Escape(string value) => PathSegment.Escape(value);
}
