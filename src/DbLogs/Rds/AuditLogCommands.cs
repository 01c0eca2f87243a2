using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Rds;

/// <summary><c>dblogs rds auditlogs list|download</c>: ListAuditlogs and ShowAuditlogDownloadLink, then the downloads.</summary>
internal static class AuditLogCommands
{
    public static Command Create(RdsContext context)
    {
        var command = new Command("auditlogs", "Audit log files of an instance: list them, download them.");
        command.Subcommands.Add(ListCommand(context));
        command.Subcommands.Add(DownloadCommand(context));
        command.Subcommands.Add(AuditPolicyCommand.Create());
        return command;
    }

    private static Command ListCommand(RdsContext context)
    {
        var instance = new Argument<string>("INSTANCE") { Description = "The instance id." };
        var start = new Option<string>("--start")
        {
            Description = "Window start, yyyy-mm-ddThh:mm:ss+hhmm (or Z). Default: 24 hours ago.",
            HelpName = "TIME",
        };
        var end = new Option<string>("--end") { Description = "Window end, same format. Default: now.", HelpName = "TIME" };
        var offset = new Option<int>("--offset") { Description = "Files to skip (newest first).", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "Files to list, 1-50.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List the audit files whose time span overlaps a window, newest first.") { instance, start, end, offset, limit };
        command.SetAction((parse, ct) => RunAsync(context, parse, async (client, output) =>
        {
            var now = DateTimeOffset.UtcNow;
            var query = string.Create(CultureInfo.InvariantCulture,
                $"?start_time={Time(parse.GetValue(start), now.AddDays(-1))}&end_time={Time(parse.GetValue(end), now)}&offset={parse.GetValue(offset)}&limit={parse.GetValue(limit)}");
            var response = await client.SendAsync(HttpMethod.Get, InstancePath(client, parse.GetValue(instance)!) + "/auditlog" + query, null, ct);
            if (response.Body is not { } body)
            {
                return Fail(context, response.Error!);
            }

            if (parse.GetValue(context.Globals.Json))
            {
                output.Json(body);
                return 0;
            }

            var table = new CliTable("ID", "Name", "Size (KB)", "Begin", "End");
            foreach (var item in body.GetProperty("auditlogs").EnumerateArray())
            {
                table.Row(item.GetProperty("id").GetString(), item.GetProperty("name").GetString(),
                    item.GetProperty("size").GetDouble().ToString("0.######", CultureInfo.InvariantCulture),
                    item.GetProperty("begin_time").GetString(), item.GetProperty("end_time").GetString());
            }

            output.Table(table, "No audit files in the window.");
            output.Line(string.Create(CultureInfo.InvariantCulture, $"{table.Count} shown, {body.GetProperty("total_record").GetInt64()} in the window."));
            return 0;
        }, ct));
        return command;
    }

    private static Command DownloadCommand(RdsContext context)
    {
        var instance = new Argument<string>("INSTANCE") { Description = "The instance id." };
        var ids = new Argument<string[]>("ID") { Description = "Audit file ids (1-50), as listed.", Arity = ArgumentArity.OneOrMore };
        var directory = new Option<string>("--output", "-o") { Description = "The folder to save into. Default: the current folder.", HelpName = "DIR" };
        var command = new Command("download", "Download audit files by id; each is saved under its listed name.") { instance, ids, directory };
        command.SetAction((parse, ct) => RunAsync(context, parse, async (client, output) =>
        {
            var wanted = parse.GetValue(ids)!;
            var path = InstancePath(client, parse.GetValue(instance)!);
            var response = await client.SendAsync(HttpMethod.Post, path + "/auditlog-links", JsonSerializer.Serialize(new { ids = wanted }), ct);
            if (response.Body is not { } body)
            {
                return Fail(context, response.Error!);
            }

            var folder = Path.GetFullPath(parse.GetValue(directory) ?? ".");
            Directory.CreateDirectory(folder);
            var saved = new List<object>();
            foreach (var link in body.GetProperty("links").EnumerateArray().Select(l => new Uri(l.GetString()!)))
            {
                var name = Uri.UnescapeDataString(link.Segments[^1]);
                if (name.Length == 0 || name != Path.GetFileName(name) || name is "." or "..")
                {
                    return Fail(context, $"the service answered a link with an unusable file name: {link}");
                }

                var target = Path.Combine(folder, name);
                var temp = target + ".part";
                await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    await client.DownloadAsync(link, file, ct);
                }

                File.Move(temp, target, overwrite: true);
                var length = new FileInfo(target).Length;
                saved.Add(new { file = target, bytes = length });
                if (!parse.GetValue(context.Globals.Json))
                {
                    output.Line(string.Create(CultureInfo.InvariantCulture, $"Saved {target} ({length} bytes)."));
                }
            }

            if (parse.GetValue(context.Globals.Json))
            {
                output.Json(JsonSerializer.SerializeToElement(saved));
            }

            return 0;
        }, ct));
        return command;
    }

    private static async Task<int> RunAsync(RdsContext context, ParseResult parse, Func<RdsCloudClient, CliOutput, Task<int>> run, CancellationToken ct)
    {
        var (client, problem) = context.Connect(parse);
        if (client is null)
        {
            await context.Error.WriteLineAsync("error: " + problem);
            return 2;
        }

        using (client)
        {
            try
            {
                return await run(client, context.Output());
            }
            catch (HttpRequestException e)
            {
                return Fail(context, $"the request failed: {e.Message}");
            }
        }
    }

    private static int Fail(RdsContext context, string message)
    {
        context.Error.WriteLine("error: " + message);
        return 1;
    }

    private static string InstancePath(RdsCloudClient client, string instance) =>
        $"/v3/{Uri.EscapeDataString(client.ProjectId)}/instances/{Uri.EscapeDataString(instance)}";

    /// <summary>The given time (its '+' percent-encoded so it is not read as a space), or the default in UTC.</summary>
    private static string Time(string? given, DateTimeOffset fallback) =>
        Uri.EscapeDataString(given ?? fallback.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
