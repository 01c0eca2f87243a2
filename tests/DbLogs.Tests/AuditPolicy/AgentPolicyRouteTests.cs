using System.Net;
using System.Text.Json;
using DbLogs.Server.Rds.AuditPolicies;

namespace DbLogs.Tests.AuditPolicySuite;

/// <summary>The agent's <c>/ingest/v1/audit-policy</c> routes and the one-change-at-a-time rule (409 DBS.200011).</summary>
public sealed class AgentPolicyRouteTests
{
    private static object RemoteNode(string id = "n1") => new { id, ip = "10.1.2.3", port = 3306, user = "auditor", password = "Pa55-word" };

    [Fact]
    public async Task The_agent_gets_its_nodes_policy_with_the_connection_and_version_0_before_any_policy()
    {
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(RemoteNode());
        var key = await h.IssueAgentKeyAsync(instance);

        // Before any policy the agent still gets the connection, to report what the server's audit plugin does.
        var before = await h.AgentFetchAsync(key, "node_id=n1");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var none = JsonDocument.Parse(await before.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, none.GetProperty("version").GetInt64());
        Assert.Equal("10.1.2.3", none.GetProperty("connection").GetProperty("host").GetString());
        await h.PutOkAsync(instance, """{"keep_days":5,"audit_types":["GRANT","KILL"]}""");

        var response = await h.AgentFetchAsync(key, $"instance_id={instance}&node_id=n1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, policy.GetProperty("version").GetInt64());
        Assert.Equal(5, policy.GetProperty("keep_days").GetInt32());
        Assert.Equal("CONNECT,QUERY,QUERY_DCL", policy.GetProperty("server_audit_events").GetString());
        var connection = policy.GetProperty("connection");
        Assert.Equal("10.1.2.3", connection.GetProperty("host").GetString());
        Assert.Equal(3306, connection.GetProperty("port").GetInt32());
        Assert.Equal("auditor", connection.GetProperty("user").GetString());
        Assert.Equal("Pa55-word", connection.GetProperty("password").GetString());
    }

    [Fact]
    public async Task Missing_or_wrong_agent_keys_are_401()
    {
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(RemoteNode());
        await h.IssueAgentKeyAsync(instance);

        Assert.Equal(HttpStatusCode.Unauthorized, (await h.AgentFetchAsync(null, "node_id=n1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.AgentFetchAsync("dblk_not-a-key", "node_id=n1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await h.AgentReportAsync("dblk_not-a-key", new { node_id = "n1", version = 1, applied = true })).StatusCode);
    }

    [Fact]
    public async Task An_agent_key_reaches_only_its_own_instances_nodes()
    {
        await using var h = await PolicyHarness.StartAsync();
        var mine = await h.AddInstanceAsync(RemoteNode("n1"));
        var other = await h.AddInstanceAsync(RemoteNode("other-node"));
        var key = await h.IssueAgentKeyAsync(mine);
        await h.PutOkAsync(other, """{"keep_days":7}""");

        Assert.Equal(HttpStatusCode.NotFound, (await h.AgentFetchAsync(key, "node_id=other-node")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await h.AgentFetchAsync(key, $"instance_id={other}&node_id=other-node")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await h.AgentReportAsync(key, new { node_id = "other-node", version = 1, applied = false, reason = "forged" })).StatusCode);
        var status = await h.Policies.GetStatusAsync(other, CancellationToken.None);
        Assert.Equal(AuditPolicyChange.NoCollector, status.Change);
        Assert.Empty(status.Nodes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("node_id=")]
    public async Task A_fetch_without_a_node_is_400(string query)
    {
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(RemoteNode());
        var key = await h.IssueAgentKeyAsync(instance);

        Assert.Equal(HttpStatusCode.BadRequest, (await h.AgentFetchAsync(key, query)).StatusCode);
    }

    [Fact]
    public async Task Malformed_reports_are_400()
    {
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(RemoteNode());
        var key = await h.IssueAgentKeyAsync(instance);

        Assert.Equal(HttpStatusCode.BadRequest, (await h.AgentReportAsync(key, new { node_id = "n1", version = 0, applied = true })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await h.AgentReportAsync(key, new { node_id = "n1", version = -1, applied = true, audit_logging = "ON" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await h.AgentReportAsync(key, new { node_id = "n1", version = 0, applied = true, audit_logging = "ON", audit_events = new string('x', 4097) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await h.AgentReportAsync(key, new { version = 1, applied = true })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await h.AgentReportAsync(key, new { node_id = "n1", version = 1, applied = false })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await h.AgentReportAsync(key, new { node_id = "n1", version = "one", applied = true })).StatusCode);
    }

    [Fact]
    public async Task A_second_change_while_the_node_has_not_reported_is_409_until_it_reports_or_times_out()
    {
        await using var h = await PolicyHarness.StartAsync();
        // A node no collector on this host serves: only the agent below, which fetches but is slow to report.
        var instance = await h.AddInstanceAsync(new { id = "n1", ip = "10.1.2.3", port = 3306, user = "root" });
        var key = await h.IssueAgentKeyAsync(instance);
        await h.PutOkAsync(instance, """{"keep_days":7}""");
        var fetched = await h.AgentFetchAsync(key, "node_id=n1");
        Assert.Equal(1, JsonDocument.Parse(await fetched.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64());

        await PolicyHarness.AssertConflictAsync(await h.PutAsync(instance, """{"keep_days":8}"""));
        // Not in effect until the node reports it: GET shows the pending change apart, not as the policy.
        var pending = await h.GetAsync(instance);
        Assert.Equal(0, pending.GetProperty("keep_days").GetInt32());
        Assert.Equal("PENDING", pending.GetProperty("dblogs_apply_status").GetProperty("state").GetString());

        Assert.Equal(System.Net.HttpStatusCode.NoContent,
            (await h.AgentReportAsync(key, new { node_id = "n1", version = 1, applied = true })).StatusCode);
        Assert.Equal(7, (await h.GetAsync(instance)).GetProperty("keep_days").GetInt32());
        await h.PutOkAsync(instance, """{"keep_days":9}""");
        await h.AgentFetchAsync(key, "node_id=n1");
        await PolicyHarness.AssertConflictAsync(await h.PutAsync(instance, """{"keep_days":10}"""));

        h.App.Clock.Advance(AuditPolicyService.PendingTimeout + TimeSpan.FromSeconds(1));

        var status = await h.Policies.GetStatusAsync(instance, CancellationToken.None);
        Assert.Equal(AuditPolicyChange.Failed, status.Change);
        Assert.Contains("no report", status.FailureReason, StringComparison.Ordinal);
        await h.PutOkAsync(instance, """{"keep_days":10}""");
    }
}
