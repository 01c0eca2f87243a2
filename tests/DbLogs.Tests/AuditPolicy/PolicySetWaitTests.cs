using DbLogs.Tests.Cli;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.AuditPolicySuite;

/// <summary><c>dblogs rds auditlogs policy set</c> waits for the nodes and says whether each applied the change.</summary>
[Collection(WithoutMariadbClient.Name)]
public sealed class PolicySetWaitTests(MariaDbTemplate template) : IClassFixture<MariaDbTemplate>
{
    private static Task<CloudCliResult> SetAsync(PolicyHarness h, string instance, params string[] extra) =>
        CloudCli.RunAsync(h.App, h.Project, ["rds", "auditlogs", "policy", "set", "--instance", instance, "--keep-days", "7", .. extra]);

    [Fact]
    public async Task Set_prints_applied_on_the_node_and_exits_0()
    {
        await using var server = await MariaDbServer.StartAsync(template: template);
        await server.SqlAsync("SET GLOBAL server_audit_logging = OFF;");
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(new { id = "n1", ip = "127.0.0.1", port = server.Port, socket = server.Socket, user = "root" });

        var result = await SetAsync(h, instance);

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Equal("Applied on n1.", result.Out.Trim());
        Assert.Equal("server_audit_logging\tON\n", await server.SqlAsync("SHOW GLOBAL VARIABLES LIKE 'server_audit_logging';"));
    }

    [Fact]
    public async Task Set_prints_the_servers_refusal_and_exits_1()
    {
        await using var server = await MariaDbServer.StartAsync(template: template);
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(new { id = "n1", ip = "127.0.0.1", port = server.Port, socket = server.Socket, user = "nobody", password = "wrong" });

        var result = await SetAsync(h, instance);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Not applied on n1: ", result.Out, StringComparison.Ordinal);
        Assert.Contains("Access denied", result.Out, StringComparison.Ordinal);
        Assert.Contains("not applied on every node", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_for_a_node_no_collector_serves_exits_1_when_the_wait_runs_out()
    {
        await using var h = await PolicyHarness.StartAsync();
        // A socket path that does not exist here and no agent: nobody applies the change.
        var instance = await h.AddInstanceAsync(new { id = "n1", ip = "127.0.0.1", port = 3306, socket = "/nonexistent/mysqld.sock" });

        var result = await SetAsync(h, instance, "--timeout", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Not applied on n1: no collector has asked for this node's policy", result.Out, StringComparison.Ordinal);
        Assert.Contains("within 1 s", result.Err, StringComparison.Ordinal);
    }
}
