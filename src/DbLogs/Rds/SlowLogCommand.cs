using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace DbLogs.Cli.Rds;

/// <summary><c>dblogs rds slowlog</c>: ListSlowLogs of an instance, or with <c>--statistics</c> the statements grouped.</summary>
public static class SlowLogCommand
{
    public static Command Create(HttpMessageHandler? handler = null, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var call = new RdsLogCall();
        var type = new Option<string>("--type") { Description = "INSERT, UPDATE, SELECT, DELETE or CREATE. Default: all." };
        var statistics = new Option<bool>("--statistics") { Description = "Group by normalised statement (the statistics route)." };
        var byTime = new Option<bool>("--by-time") { Description = "With --statistics: sort by total time instead of count." };
        var command = new Command("slowlog", "List an RDS instance's slow queries (UTC times, literals as N).") { type, statistics, byTime };
        call.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (call.Window(parse, stderr ?? Console.Error) is not { } window)
            {
                return 2;
            }

            var typeQuery = parse.GetValue(type) is { Length: > 0 } t ? "&type=" + Uri.EscapeDataString(t) : "";
            var page = parse.GetValue(call.Page);
            var limit = parse.GetValue(call.Limit);
            return parse.GetValue(statistics)
                ? await call.RunAsync(parse, string.Create(CultureInfo.InvariantCulture,
                        $"/slowlog/statistics?cur_page={page}&per_page={limit}&{window}{typeQuery}&sort={(parse.GetValue(byTime) ? "executeTime" : "count")}"),
                    PrintStatistics, handler, stdout, stderr, ct)
                : await call.RunAsync(parse, string.Create(CultureInfo.InvariantCulture, $"/slowlog?{window}&offset={page}&limit={limit}{typeQuery}"),
                    PrintList, handler, stdout, stderr, ct);
        });
        return command;
    }

    private static void PrintList(Output.CliOutput output, JsonElement body)
    {
        var table = new Output.CliTable("Start (UTC)", "Time", "Lock", "Sent", "Examined", "Database", "User", "Client", "Type", "Statement")
            .NoWrap("Start (UTC)", "Time", "Type");
        foreach (var e in body.GetProperty("slow_log_list").EnumerateArray())
        {
            table.Row(S(e, "start_time"), S(e, "time"), S(e, "lock_time"), S(e, "rows_sent"), S(e, "rows_examined"), S(e, "database"), S(e, "users"),
                S(e, "client_ip"), S(e, "type"), S(e, "query_sample"));
        }

        output.Table(table, "No slow queries in the window.");
        output.Line($"{body.GetProperty("total_record").GetInt64().ToString(CultureInfo.InvariantCulture)} in all.");
    }

    private static void PrintStatistics(Output.CliOutput output, JsonElement body)
    {
        var table = new Output.CliTable("Count", "Total time", "Lock", "Sent", "Examined", "Database", "User", "Client", "Type", "Statement")
            .NoWrap("Count", "Total time", "Type");
        foreach (var e in body.GetProperty("slowLogList").EnumerateArray())
        {
            table.Row(S(e, "count"), S(e, "time"), S(e, "lockTime"), S(e, "rowsSent"), S(e, "rowsExamined"), S(e, "database"), S(e, "users"),
                S(e, "clientIP"), S(e, "type"), S(e, "querySample"));
        }

        output.Table(table, "No slow queries in the window.");
        output.Line($"{body.GetProperty("totalRecord").GetInt64().ToString(CultureInfo.InvariantCulture)} statements in all.");
    }

    private static string? S(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;
}
