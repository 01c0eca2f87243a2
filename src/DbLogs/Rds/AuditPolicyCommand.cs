using System.CommandLine;
using System.Text.Json;
using DbLogs.Cli.Admin;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Rds;

/// <summary>
/// <c>dblogs rds auditlogs policy [show|set]</c>: reads or changes an RDS instance's SQL-audit policy through the
/// RDS v3 API (<c>GET/PUT …/auditlog-policy</c>).
/// </summary>
internal static class AuditPolicyCommand
{
    private static readonly TimeSpan WaitPoll = TimeSpan.FromMilliseconds(500);

    public static Command Create(CloudCommandSettings settings, CloudGlobalOptions globals)
    {
        var instance = CloudOptions.Instance();
        instance.Recursive = true;
        var show = new Command("show", "Show keep_days and the audited operation types.");
        show.Action = new CloudAction(settings, globals, (run, token) => ShowAsync(run, run.Value(instance)!, token));

        var keepDays = new Option<int>("--keep-days") { Description = "Days to keep audit files, 0-732; 0 turns SQL audit off.", Required = true }.Within(0, 732);
        var auditTypes = new Option<string[]>("--audit-types")
        {
            Description = "Operation types to audit (see `show`; e.g. CREATE INSERT GRANT); none: every type.",
            AllowMultipleArgumentsPerToken = true,
        };
        var noReserve = new Option<bool>("--no-reserve") { Description = "With --keep-days 0: delete the instance's audit files now." };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the change is accepted, without waiting for the nodes." };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for every node's collector to apply the change (an agent asks every 30 s).",
            DefaultValueFactory = _ => 150,
            HelpName = "SECONDS",
        }.Within(1, 3600);
        var set = new Command("set", "Change the policy and wait until the collector next to each node applied it to the database server.")
        {
            keepDays, auditTypes, noReserve, noWait, timeout,
        };
        set.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            string[] types = [.. (run.Value(auditTypes) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
            var json = JsonSerializer.Serialize(new { keep_days = run.Value(keepDays), reserve_auditlogs = !run.Value(noReserve), audit_types = types });
            using var body = await run.Client.PutAsync(PolicyPath(run, run.Value(instance)!), json, token);
            if (run.Value(noWait))
            {
                run.Print(body, (output, answer) => output.Line(
                    $"Accepted (status {answer.Field("status") ?? "?"}): the collector next to each node applies it to the database server."));
                return;
            }

            await WaitAsync(run, run.Value(instance)!, TimeSpan.FromSeconds(run.Value(timeout)), token);
        });

        var policy = new Command("policy", "Show (the default) or change an instance's SQL-audit policy.") { instance, show, set };
        policy.Action = new CloudAction(settings, globals, (run, token) => ShowAsync(run, run.Value(instance)!, token));
        return policy;
    }

    private static async Task ShowAsync(CloudInvocation run, string instance, CancellationToken ct)
    {
        using var body = await run.Client.GetAsync(PolicyPath(run, instance), ct);
        run.Print(body, PrintPolicy);
    }

    /// <summary>Polls the policy until the latest change settled on every node; a node that did not apply it exits 1.</summary>
    private static async Task WaitAsync(CloudInvocation run, string instance, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            using var body = await run.Client.GetAsync(PolicyPath(run, instance), ct);
            var root = body?.RootElement ?? throw new CloudCliException(AdminExitCodes.ApiError, "the service answered with an empty body");
            var status = AuditPolicyApplyStatus.From(root)
                ?? throw new CloudCliException(AdminExitCodes.ApiError, "the service does not say whether the change was applied");
            var timedOut = DateTimeOffset.UtcNow >= deadline;
            if (status.Settled || timedOut)
            {
                run.Print(body, (output, _) =>
                {
                    foreach (var line in status.Outcome())
                    {
                        output.Line(line);
                    }
                });
                if (status.State != "APPLIED")
                {
                    throw new CloudCliException(AdminExitCodes.ApiError, timedOut && !status.Settled
                        ? $"the change was not applied on every node within {timeout.TotalSeconds:0} s (state {status.State})"
                        : "the change was not applied on every node");
                }

                return;
            }

            await Task.Delay(WaitPoll, ct);
        }
    }

    private static void PrintPolicy(CliOutput output, JsonElement body)
    {
        var keep = body.GetProperty("keep_days").GetInt32();
        var types = string.Join(',', body.GetProperty("audit_types").EnumerateArray().Select(t => t.GetString()));
        output.Line($"keep_days:   {keep}{(keep == 0 ? " (SQL audit off)" : string.Empty)}");
        output.Line($"audit_types: {(types.Length == 0 ? "(all)" : types)}");
        AuditPolicyApplyStatus.From(body)?.Print(output);
        if (body.TryGetProperty("all_audit_log_action", out var all) && all.GetString() is { } allJson)
        {
            using var groups = JsonDocument.Parse(allJson);
            var table = new CliTable("GROUP", "OPERATION TYPES").Truncate("OPERATION TYPES");
            foreach (var group in groups.RootElement.EnumerateObject())
            {
                table.Row(group.Name, group.Value.GetString());
            }

            output.Table(table);
        }
    }

    private static string PolicyPath(CloudInvocation run, string instance) => RdsCommand.InstancePath(run, instance) + "/auditlog-policy";
}
