using System.CommandLine;
using System.Text.Json;
using DbLogs.Cli.Output;
using DbLogs.Server;

namespace DbLogs.Cli.Rds;

/// <summary>
/// <c>dblogs rds auditlogs policy [show|set]</c>: reads or changes an RDS instance's SQL-audit policy through the
/// RDS v3 API (<c>GET/PUT …/auditlog-policy</c>), signed with the project's AK/SK.
/// </summary>
public static class AuditPolicyCommand
{
    public static Command Create(Func<HttpMessageHandler>? handlerFactory = null, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var o = new Options();
        var show = new Command("show", "Show keep_days and the audited operation types.");
        show.SetAction((parse, ct) => ShowAsync(o.Read(parse), Connect(o, parse, handlerFactory), stdout, stderr, ct));

        var keepDays = new Option<int>("--keep-days") { Description = "Days to keep audit files, 0-732; 0 turns SQL audit off.", Required = true };
        var auditTypes = new Option<string[]>("--audit-types")
        {
            Description = "Operation types to audit (see `show`; e.g. CREATE INSERT GRANT); none: every type.",
            AllowMultipleArgumentsPerToken = true,
        };
        var noReserve = new Option<bool>("--no-reserve") { Description = "With --keep-days 0: delete the instance's audit files now." };
        var set = new Command("set", "Change the policy; the collector next to each node applies it to the database server.")
        {
            keepDays, auditTypes, noReserve,
        };
        set.SetAction((parse, ct) => SetAsync(o.Read(parse), Connect(o, parse, handlerFactory), parse.GetValue(keepDays),
            [.. (parse.GetValue(auditTypes) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            parse.GetValue(noReserve), stdout, stderr, ct));

        var policy = new Command("policy", "Show or change an instance's SQL-audit policy.") { show, set };
        o.AddTo(policy);
        policy.SetAction((parse, ct) => ShowAsync(o.Read(parse), Connect(o, parse, handlerFactory), stdout, stderr, ct));
        return policy;
    }

    private static SignedApiClient? Connect(Options o, ParseResult parse, Func<HttpMessageHandler>? handlerFactory)
    {
        var settings = o.Read(parse);
        if (settings.Error is not null)
        {
            return null;
        }

        return new SignedApiClient(settings.Server!, settings.ProjectId!, settings.Ak!, settings.Sk!,
            handlerFactory?.Invoke() ?? new SocketsHttpHandler());
    }

    private static async Task<int> ShowAsync(Settings settings, SignedApiClient? client, TextWriter? stdout, TextWriter? stderr, CancellationToken ct)
    {
        using (client)
        {
            var error = stderr ?? Console.Error;
            if (client is null)
            {
                await error.WriteLineAsync($"dblogs rds auditlogs policy: {settings.Error}");
                return 2;
            }

            var response = await client.SendAsync(HttpMethod.Get, settings.PolicyPath, null, ct);
            if (!response.Ok || response.Body is not { } body)
            {
                await error.WriteLineAsync($"dblogs rds auditlogs policy: {response.Error}");
                return 1;
            }

            var output = stdout is null ? CliOutput.ForConsole() : new CliOutput(stdout, isTerminal: false);
            if (settings.Json)
            {
                output.Json(body);
                return 0;
            }

            var keep = body.GetProperty("keep_days").GetInt32();
            var types = string.Join(',', body.GetProperty("audit_types").EnumerateArray().Select(t => t.GetString()));
            output.Line($"keep_days:   {keep}{(keep == 0 ? " (SQL audit off)" : string.Empty)}");
            output.Line($"audit_types: {(types.Length == 0 ? "(all)" : types)}");
            if (body.TryGetProperty("all_audit_log_action", out var all) && all.GetString() is { } allJson)
            {
                using var groups = JsonDocument.Parse(allJson);
                var table = new CliTable("GROUP", "OPERATION TYPES");
                foreach (var group in groups.RootElement.EnumerateObject())
                {
                    table.Row(group.Name, group.Value.GetString());
                }

                output.Table(table);
            }

            return 0;
        }
    }

    private static async Task<int> SetAsync(Settings settings, SignedApiClient? client, int keepDays, string[] auditTypes, bool noReserve,
        TextWriter? stdout, TextWriter? stderr, CancellationToken ct)
    {
        using (client)
        {
            var error = stderr ?? Console.Error;
            if (client is null)
            {
                await error.WriteLineAsync($"dblogs rds auditlogs policy set: {settings.Error}");
                return 2;
            }

            var json = JsonSerializer.Serialize(new { keep_days = keepDays, reserve_auditlogs = !noReserve, audit_types = auditTypes });
            var response = await client.SendAsync(HttpMethod.Put, settings.PolicyPath, json, ct);
            if (!response.Ok)
            {
                await error.WriteLineAsync($"dblogs rds auditlogs policy set: {response.Error}");
                return 1;
            }

            await (stdout ?? Console.Out).WriteLineAsync(settings.Json && response.Body is { } body
                ? CliOutput.Indented(body)
                : $"Accepted (status {(response.Body is { } b && b.TryGetProperty("status", out var s) ? s.GetString() : "?")}): " +
                  "the collector next to each node applies it to the database server.");
            return 0;
        }
    }

    private sealed record Settings(Uri? Server, string? ProjectId, string? Ak, string? Sk, string? Instance, bool Json, string? Error)
    {
        public string PolicyPath => $"v3/{Uri.EscapeDataString(ProjectId!)}/instances/{Uri.EscapeDataString(Instance!)}/auditlog-policy";
    }

    private sealed class Options
    {
        private readonly Option<string> _server = new("--server")
        {
            Description = $"The service's URL. Default: env DBLOGS_SERVER, else {DbLogsServer.DefaultUrl}.",
            Recursive = true,
        };

        private readonly Option<string> _project = new("--project-id") { Description = "Project id. Default: env DBLOGS_PROJECT_ID.", Recursive = true };
        private readonly Option<string> _ak = new("--ak") { Description = "Access key. Default: env DBLOGS_AK.", Recursive = true };
        private readonly Option<string> _sk = new("--sk") { Description = "Secret key. Default: env DBLOGS_SK.", Recursive = true };
        private readonly Option<string> _instance = new("--instance") { Description = "The RDS instance id.", Recursive = true };
        private readonly Option<bool> _json = new("--json") { Description = "Print the API's JSON.", Recursive = true };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _server, _project, _ak, _sk, _instance, _json })
            {
                command.Options.Add(option);
            }
        }

        public Settings Read(ParseResult parse)
        {
            static string? Pick(string? value, string variable) => value ?? Environment.GetEnvironmentVariable(variable);
            var serverText = Pick(parse.GetValue(_server), "DBLOGS_SERVER") ?? DbLogsServer.DefaultUrl;
            var project = Pick(parse.GetValue(_project), "DBLOGS_PROJECT_ID");
            var ak = Pick(parse.GetValue(_ak), "DBLOGS_AK");
            var sk = Pick(parse.GetValue(_sk), "DBLOGS_SK");
            var instance = parse.GetValue(_instance);
            var error = !Uri.TryCreate(serverText, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https")
                ? $"--server {serverText} is not an http(s) URL"
                : project is null ? "--project-id (or env DBLOGS_PROJECT_ID) is required"
                : ak is null || sk is null ? "--ak and --sk (or env DBLOGS_AK, DBLOGS_SK) are required"
                : instance is null ? "--instance is required"
                : null;
            return new Settings(server, project, ak, sk, instance, parse.GetValue(_json), error);
        }
    }
}
