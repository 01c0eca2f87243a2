using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Rds;

/// <summary><c>dblogs rds slowlog</c>: ListSlowLogs of an instance, or with <c>--statistics</c> the statements grouped.</summary>
internal static class SlowLogCommand
{
    public static Command Create(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var instance = CloudOptions.Instance();
        var window = new TimeWindowOptions(TimeSpan.FromDays(1), TimeWindowOptions.RdsMaxLength);
        var paging = new RdsPaging();
        var type = new Option<string>("--type") { Description = "INSERT, UPDATE, SELECT, DELETE or CREATE. Default: all." };
        var statistics = new Option<bool>("--statistics") { Description = "Group by normalised statement (the statistics route)." };
        var byTime = new Option<bool>("--by-time") { Description = "With --statistics: sort by total time instead of count." };
        var command = new Command("slowlog", "List an RDS instance's slow queries (literals as N).") { instance };
        window.AddTo(command);
        paging.AddTo(command);
        command.Options.Add(type);
        command.Options.Add(statistics);
        command.Options.Add(byTime);
        command.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            var (start, end) = window.Resolve(run);
            var dates = $"start_date={TimeWindowOptions.RdsQueryTime(start)}&end_date={TimeWindowOptions.RdsQueryTime(end)}";
            var typeQuery = run.Value(type) is { Length: > 0 } t ? "&type=" + Uri.EscapeDataString(t) : string.Empty;
            var page = run.Value(paging.Page);
            var limit = run.Value(paging.Limit);
            var path = RdsCommand.InstancePath(run, run.Value(instance)!);
            if (run.Value(statistics))
            {
                using var grouped = await run.Client.GetAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{path}/slowlog/statistics?cur_page={page}&per_page={limit}&{dates}{typeQuery}&sort={(run.Value(byTime) ? "executeTime" : "count")}"), token);
                run.Print(grouped, PrintStatistics);
                return;
            }

            using var body = await run.Client.GetAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path}/slowlog?{dates}&offset={page}&limit={limit}{typeQuery}"), token);
            run.Print(body, PrintList);
        });
        return command;
    }

    private static void PrintList(CliOutput output, JsonElement body)
    {
        var table = new CliTable("Start", "Time", "Lock", "Sent", "Examined", "Database", "User", "Client", "Type", "Statement")
            .Truncate("Statement").Optional("Examined", "Sent", "Lock", "Client", "User", "Database");
        foreach (var e in body.GetProperty("slow_log_list").EnumerateArray())
        {
            table.Row(output.Time(S(e, "start_time")), S(e, "time"), S(e, "lock_time"), S(e, "rows_sent"), S(e, "rows_examined"), S(e, "database"), S(e, "users"),
                S(e, "client_ip"), S(e, "type"), S(e, "query_sample"));
        }

        output.Table(table, "No slow queries in the window.");
        output.Line($"{body.GetProperty("total_record").GetInt64().ToString(CultureInfo.InvariantCulture)} in all.");
    }

    private static void PrintStatistics(CliOutput output, JsonElement body)
    {
        var table = new CliTable("Count", "Total time", "Lock", "Sent", "Examined", "Database", "User", "Client", "Type", "Statement")
            .Truncate("Statement").Optional("Examined", "Sent", "Lock", "Client", "User", "Database");
        foreach (var e in body.GetProperty("slowLogList").EnumerateArray())
        {
            table.Row(S(e, "count"), S(e, "time"), S(e, "lockTime"), S(e, "rowsSent"), S(e, "rowsExamined"), S(e, "database"), S(e, "users"),
                S(e, "clientIP"), S(e, "type"), S(e, "querySample"));
        }

        output.Table(table, "No slow queries in the window.");
        output.Line($"{body.GetProperty("totalRecord").GetInt64().ToString(CultureInfo.InvariantCulture)} statements in all.");
    }

    /// <summary>A field as text; the statistics route sends row counts as numbers, everything else as strings.</summary>
    private static string? S(JsonElement e, string name) => !e.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();
}
