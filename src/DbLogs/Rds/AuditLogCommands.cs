using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DbLogs.Cli.Admin;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Rds;

/// <summary><c>dblogs rds auditlogs list|download|rotate</c>: ListAuditlogs, ShowAuditlogDownloadLink then the downloads, RotateAuditLog.</summary>
internal static class AuditLogCommands
{
    public static Command Create(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var command = new Command("auditlogs", "Audit log files of an instance: list them, download them, show or change the audit policy.")
        {
            Action = new CloudAction(settings, globals),
        };
        command.Subcommands.Add(ListCommand(settings, globals));
        command.Subcommands.Add(DownloadCommand(settings, globals));
        command.Subcommands.Add(RotateCommand(settings, globals));
        command.Subcommands.Add(AuditPolicyCommand.Create(settings, globals));
        return command;
    }

    private static Command ListCommand(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var instance = CloudOptions.Instance();
        var window = new TimeWindowOptions(TimeSpan.FromDays(1), TimeWindowOptions.RdsMaxLength);
        var offset = CloudOptions.Offset("Files to skip (newest first).");
        var limit = CloudOptions.Limit("Files to list, 1-50.", 50, 50);
        var command = new Command("list", "List the audit files whose time span overlaps a window, newest first.") { instance };
        window.AddTo(command);
        command.Options.Add(offset);
        command.Options.Add(limit);
        command.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            var (start, end) = window.Resolve(run);
            var query = string.Create(CultureInfo.InvariantCulture,
                $"start_time={TimeWindowOptions.RdsQueryTime(start)}&end_time={TimeWindowOptions.RdsQueryTime(end)}&offset={run.Value(offset)}&limit={run.Value(limit)}");
            using var body = await run.Client.GetAsync(RdsCommand.InstancePath(run, run.Value(instance)!) + "/auditlog?" + query, token);
            run.Print(body, (output, listed) => Print(output, listed, run.Value(instance)!));
        });
        return command;
    }

    private static void Print(CliOutput output, JsonElement body, string instance)
    {
        var table = new CliTable("ID", "Name", "Size", "Begin", "End").Truncate("Name").Optional("End", "Name");
        foreach (var item in body.GetProperty("auditlogs").EnumerateArray())
        {
            // The API counts KB, with a fraction.
            table.Row(item.GetProperty("id").GetString(), item.GetProperty("name").GetString(), ByteSize.Format(item.GetProperty("size").GetDouble() * 1024),
                output.Time(item.GetProperty("begin_time").GetString()), output.Time(item.GetProperty("end_time").GetString()));
        }

        output.Table(table, "No audit files in the window.");
        if (table.Count == 0)
        {
            output.Line("Only closed files are listed. The file being written closes at the service's AuditFiles limits (by default 20 MB, or " +
                $"5 minutes after it opened); close it now with 'dblogs rds auditlogs rotate --instance {instance}'.");
        }

        output.Line(string.Create(CultureInfo.InvariantCulture, $"{table.Count} shown, {body.GetProperty("total_record").GetInt64()} in the window."));
    }

    private static Command RotateCommand(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var instance = CloudOptions.Instance();
        var command = new Command("rotate", "Close the audit file being written now, so it is listed and can be downloaded.") { instance };
        command.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            var id = run.Value(instance)!;
            using var body = await run.Client.PostAsync(RdsCommand.InstancePath(run, id) + "/auditlog-rotate", JsonSerializer.Serialize(new { instance_id = id }), token);
            run.Print(body, (output, _) => output.Line($"Rotated: the audit file being written on each node of {id} is closed and will be listed."));
        });
        return command;
    }

    private static Command DownloadCommand(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var instance = CloudOptions.Instance();
        var ids = new Argument<string[]>("ID") { Description = "Audit file ids (1-50), as listed.", Arity = ArgumentArity.OneOrMore };
        var directory = new Option<string>("--output", "-o") { Description = "The folder to save into. Default: the current folder.", HelpName = "DIR" };
        var command = new Command("download", "Download audit files by id; each is saved under its listed name.") { instance, ids, directory };
        command.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            using var body = await run.Client.PostAsync(RdsCommand.InstancePath(run, run.Value(instance)!) + "/auditlog-links",
                JsonSerializer.Serialize(new { ids = run.Parse.GetValue(ids) }), token);
            var links = body?.RootElement.TryGetProperty("links", out var list) == true ? list.Items().Select(l => l.GetString()!).ToList()
                : throw new CloudCliException(AdminExitCodes.ApiError, "the answer carries no links");
            var folder = Path.GetFullPath(run.Value(directory) ?? ".");
            Directory.CreateDirectory(folder);
            var saved = new List<object>();
            foreach (var link in links)
            {
                var name = Uri.UnescapeDataString(new Uri(link).Segments[^1]);
                if (name.Length == 0 || name != Path.GetFileName(name) || name is "." or "..")
                {
                    throw new CloudCliException(AdminExitCodes.ApiError, $"the service answered a link with an unusable file name: {link}");
                }

                var (path, bytes) = await run.Client.DownloadAsync(link,
                    response => FileDownload.SaveAsync(response, Path.Combine(folder, name), name, settings.IsTerminal && !run.Json, token), token);
                saved.Add(new { file = path, bytes });
                if (!run.Json)
                {
                    run.Out.Line(string.Create(CultureInfo.InvariantCulture, $"Saved {path} ({bytes} bytes)."));
                }
            }

            if (run.Json)
            {
                run.Out.Json(JsonSerializer.SerializeToElement(saved));
            }
        });
        return command;
    }
}
