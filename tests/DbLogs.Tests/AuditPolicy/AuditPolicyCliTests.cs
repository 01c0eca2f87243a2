using DbLogs.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.AuditPolicySuite;

/// <summary><c>dblogs rds auditlogs policy show|set</c> against the running service, signed with the project's AK/SK.</summary>
public sealed class AuditPolicyCliTests
{
    private static async Task<(int Exit, string Out, string Error)> RunAsync(PolicyHarness h, params string[] args)
    {
        var result = await CloudCli.RunAsync(h.App, h.Project, ["rds", "auditlogs", "policy", .. args]);
        return (result.ExitCode, result.Out, result.Err);
    }

    [Fact]
    public async Task Set_changes_the_policy_and_show_prints_it()
    {
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(new { id = "n1", ip = "10.1.2.3", port = 3306 });

        var set = await RunAsync(h, "set", "--instance", instance, "--keep-days", "9", "--audit-types", "CREATE,GRANT", "SELECT", "--no-wait");
        Assert.True(set.Exit == 0, set.Error);

        var policy = await h.GetAsync(instance);
        Assert.Equal(9, policy.GetProperty("keep_days").GetInt32());
        Assert.Equal(["CREATE", "GRANT", "SELECT"], policy.GetProperty("audit_types").EnumerateArray().Select(t => t.GetString()!).ToArray());
        var show = await RunAsync(h, "show", "--instance", instance);
        Assert.True(show.Exit == 0, show.Error);
        Assert.Contains("keep_days:   9", show.Out, StringComparison.Ordinal);
        Assert.Contains("CREATE,GRANT,SELECT", show.Out, StringComparison.Ordinal);
        Assert.Contains("CREATE_USER", show.Out, StringComparison.Ordinal);
        // Nothing serves n1 (10.1.2.3 has no agent): show says so instead of implying the change is in effect.
        Assert.Contains("change:      version 1, no collector", show.Out, StringComparison.Ordinal);
        Assert.Contains("no collector has asked for this node's policy", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_errors_exit_1_with_their_code_and_a_keep_days_out_of_range_exits_2_before_calling()
    {
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(new { id = "n1", ip = "10.1.2.3", port = 3306 });

        var unknown = await RunAsync(h, "set", "--instance", "00000000000000000000000000000000in01", "--keep-days", "7");
        var outOfRange = await RunAsync(h, "set", "--instance", instance, "--keep-days", "733");

        Assert.Equal(1, unknown.Exit);
        Assert.StartsWith("error: HTTP 4", unknown.Error, StringComparison.Ordinal);
        Assert.Contains(" DBS.", unknown.Error, StringComparison.Ordinal);
        Assert.Equal((2, "error: --keep-days must be from 0 to 732, not 733"), (outOfRange.Exit, outOfRange.Error.Split('\n')[0].Trim()));
        Assert.Equal(0, (await h.GetAsync(instance)).GetProperty("keep_days").GetInt32());
    }

    [Fact]
    public async Task No_reserve_with_keep_days_0_is_sent_as_reserve_auditlogs_false()
    {
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(new { id = "n1", ip = "10.1.2.3", port = 3306 });

        var result = await RunAsync(h, "set", "--instance", instance, "--keep-days", "0", "--no-reserve", "--json", "--no-wait");

        Assert.True(result.Exit == 0, result.Error);
        Assert.Contains("COMPLETED", result.Out, StringComparison.Ordinal);
        var desired = await h.App.Services.GetRequiredService<DbLogs.Storage.MariadbAudit.IMariadbAuditStore>().GetDesiredAsync(instance);
        Assert.False(desired!.ReserveAuditLogs);
    }
}
