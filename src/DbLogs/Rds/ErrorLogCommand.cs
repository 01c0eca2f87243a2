using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Rds;

/// <summary><c>dblogs rds errorlog</c>: ListErrorLogs of an instance, newest first.</summary>
internal static class ErrorLogCommand
{
    public static Command Create(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var instance = CloudOptions.Instance();
        var window = new TimeWindowOptions(TimeSpan.FromDays(1), TimeWindowOptions.RdsMaxLength);
        var paging = new RdsPaging();
        var level = new Option<string>("--level") { Description = "ALL, INFO, LOG, WARNING, ERROR, FATAL, PANIC or NOTE.", DefaultValueFactory = _ => "ALL" };
        var command = new Command("errorlog", "List an RDS instance's error-log messages.") { instance };
        window.AddTo(command);
        paging.AddTo(command);
        command.Options.Add(level);
        command.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            var (start, end) = window.Resolve(run);
            var query = string.Create(CultureInfo.InvariantCulture,
                $"start_date={TimeWindowOptions.RdsQueryTime(start)}&end_date={TimeWindowOptions.RdsQueryTime(end)}" +
                $"&offset={run.Value(paging.Page)}&limit={run.Value(paging.Limit)}&level={Uri.EscapeDataString(run.Value(level)!)}");
            using var body = await run.Client.GetAsync(RdsCommand.InstancePath(run, run.Value(instance)!) + "/errorlog?" + query, token);
            run.Print(body, Print);
        });
        return command;
    }

    private static void Print(CliOutput output, JsonElement body)
    {
        var table = new CliTable("Time", "Level", "Message").Truncate("Message");
        foreach (var e in body.GetProperty("error_log_list").EnumerateArray())
        {
            table.Row(output.Time(e.GetProperty("time").GetString()), e.GetProperty("level").GetString(), e.GetProperty("content").GetString());
        }

        output.Table(table, "No error-log messages in the window.");
        output.Line($"{body.GetProperty("total_record").GetInt64().ToString(CultureInfo.InvariantCulture)} in all.");
    }
}
