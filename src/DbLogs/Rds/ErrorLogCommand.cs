using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace DbLogs.Cli.Rds;

/// <summary><c>dblogs rds errorlog</c>: ListErrorLogs of an instance, newest first.</summary>
public static class ErrorLogCommand
{
    public static Command Create(HttpMessageHandler? handler = null, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var call = new RdsLogCall();
        var level = new Option<string>("--level") { Description = "ALL, INFO, LOG, WARNING, ERROR, FATAL, PANIC or NOTE.", DefaultValueFactory = _ => "ALL" };
        var command = new Command("errorlog", "List an RDS instance's error-log messages (UTC times).") { level };
        call.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (call.Window(parse, stderr ?? Console.Error) is not { } window)
            {
                return 2;
            }

            var query = string.Create(CultureInfo.InvariantCulture,
                $"?{window}&offset={parse.GetValue(call.Page)}&limit={parse.GetValue(call.Limit)}&level={Uri.EscapeDataString(parse.GetValue(level)!)}");
            return await call.RunAsync(parse, "/errorlog" + query, Print, handler, stdout, stderr, ct);
        });
        return command;
    }

    private static void Print(Output.CliOutput output, JsonElement body)
    {
        var table = new Output.CliTable("Time (UTC)", "Level", "Message").NoWrap("Time (UTC)", "Level");
        foreach (var e in body.GetProperty("error_log_list").EnumerateArray())
        {
            table.Row(e.GetProperty("time").GetString(), e.GetProperty("level").GetString(), e.GetProperty("content").GetString());
        }

        output.Table(table, "No error-log messages in the window.");
        output.Line($"{body.GetProperty("total_record").GetInt64().ToString(CultureInfo.InvariantCulture)} in all.");
    }
}
