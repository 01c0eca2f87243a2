using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DbLogs.Cli.Admin;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Rds;

/// <summary>
/// <c>dblogs rds audit search</c>: DbLogs' audit record search (<c>GET /dblogs/v1/{project}/instances/{id}/audit-records</c>),
/// newest first: a table on a terminal, one JSON record a line when piped or with <c>--json</c>.
/// </summary>
internal static class AuditSearchCommand
{
    public static Command Create(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var group = new Command("audit", "Audit records of an instance, as DbLogs indexes them.") { Action = new CloudAction(settings, globals) };
        group.Subcommands.Add(SearchCommand(settings, globals));
        return group;
    }

    private static Command SearchCommand(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var instance = CloudOptions.Instance();
        var window = new TimeWindowOptions(TimeSpan.FromDays(1), TimeSpan.FromDays(31));
        (Option<string> Option, string Parameter)[] filters =
        [
            Filter("--user", "user", "Only records of this database user."),
            Filter("--host", "host", "Only records from this client host."),
            Filter("--database", "database", "Only records in this database."),
            Filter("--keyword", "keyword", "Words the query text contains, all of them (case-insensitive, taken literally; up to 10, space-separated)."),
            Filter("--operation", "operation", "Operations or classes, comma-separated: CONNECT, FAILED_CONNECT, QUERY, READ, WRITE, …, DDL, DML, DCL."),
            Filter("--return-code", "return_code", "Only records with this return code (0: success)."),
            Filter("--node", "node_id", "Only records of this node."),
        ];
        var offset = CloudOptions.Offset("Records to skip (newest first).");
        var limit = CloudOptions.Limit("Records to show, 1-1000.", 100, 1000);
        var command = new Command("search", "Search an instance's audit records in a window of at most 31 days, newest first.") { instance };
        window.AddTo(command);
        foreach (var (option, _) in filters)
        {
            command.Options.Add(option);
        }

        command.Options.Add(offset);
        command.Options.Add(limit);
        command.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            var (start, end) = window.Resolve(run);
            var query = string.Create(CultureInfo.InvariantCulture,
                $"start_time={TimeWindowOptions.RdsQueryTime(start)}&end_time={TimeWindowOptions.RdsQueryTime(end)}&offset={run.Value(offset)}&limit={run.Value(limit)}");
            foreach (var (option, parameter) in filters)
            {
                query += run.Value(option) is { } value ? $"&{parameter}={Uri.EscapeDataString(value)}" : "";
            }

            using var body = await run.Client.GetAsync($"dblogs/v1/{PathSegment.Escape(run.ProjectId)}/instances/{PathSegment.Escape(run.Value(instance)!)}/audit-records?{query}", token);
            var root = body?.RootElement ?? throw new CloudCliException(AdminExitCodes.ApiError, "the service answered with an empty body");
            if (run.Json || settings.TerminalColumns is null)
            {
                foreach (var record in root.GetProperty("records").EnumerateArray())
                {
                    run.Out.Line(record.GetRawText());
                }

                return;
            }

            Print(run.Out, root);
        });
        return command;
    }

    private static (Option<string>, string) Filter(string name, string parameter, string description) =>
        (new Option<string>(name) { Description = description, HelpName = "TEXT" }, parameter);

    private static void Print(CliOutput output, JsonElement body)
    {
        var table = new CliTable("Time", "Node", "User", "Host", "Operation", "Database", "Code", "Query").Truncate("Query").Optional("Host", "Database");
        foreach (var r in body.GetProperty("records").EnumerateArray())
        {
            table.Row(output.Time(r.GetProperty("time").GetString()), r.GetProperty("node_id").GetString(), r.GetProperty("user").GetString(),
                r.GetProperty("host").GetString(), r.GetProperty("operation").GetString(), r.GetProperty("database").GetString(),
                r.GetProperty("return_code").ValueKind == JsonValueKind.Number ? r.GetProperty("return_code").GetInt32().ToString(CultureInfo.InvariantCulture) : "",
                r.GetProperty("query").GetString());
        }

        output.Table(table, "No audit records match.");
        output.Line(string.Create(CultureInfo.InvariantCulture, $"{table.Count} shown, {body.GetProperty("total").GetInt64()} match."));
    }
}
