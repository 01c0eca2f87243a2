using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using DbLogs.Collection.Mariadb;
using DbLogs.Server.Rds.AuditPolicies;
using DbLogs.Tests.RealServers;
using MySqlConnector;

namespace DbLogs.Tests.AuditPolicySuite;

/// <summary>
/// Policies applied to a real mariadbd by the embedded collector (socket nodes) and by an agent (host/port nodes, TLS
/// when the server requires it), with no MariaDB client program on PATH.
/// </summary>
[Collection(WithoutMariadbClient.Name)]
public sealed class RealServerPolicyTests(MariaDbTemplate template) : IClassFixture<MariaDbTemplate>
{
    private static object SocketNode(MariaDbServer server, string user = "root", string? password = null) =>
        new { id = "n1", ip = "127.0.0.1", port = server.Port, time_zone = "UTC", socket = server.Socket, user, password };

    private static async Task<string> VariableAsync(MariaDbServer server, string name) =>
        (await server.SqlAsync($"SHOW GLOBAL VARIABLES LIKE '{name}';")).TrimEnd('\n').Split('\t') is [_, var value] ? value : string.Empty;

    private static async Task AssertVariableBecomesAsync(MariaDbServer server, string name, string expected)
    {
        var watch = Stopwatch.StartNew();
        string actual;
        while ((actual = await VariableAsync(server, name)) != expected)
        {
            Assert.True(watch.Elapsed < PolicyHarness.Timeout, $"{name} is still \"{actual}\", expected \"{expected}\"");
            await Task.Delay(50);
        }
    }

    /// <summary>The server lists the classes in its own order.</summary>
    private static async Task AssertEventsAsync(MariaDbServer server, string expected) =>
        Assert.Equal(expected.Split(',').Order(StringComparer.Ordinal), (await VariableAsync(server, "server_audit_events")).Split(',').Order(StringComparer.Ordinal));

    [Fact]
    public void No_mariadb_client_program_can_be_started()
    {
        foreach (var name in PathWithoutMariadbClient.ClientNames)
        {
            Assert.Throws<Win32Exception>(() => System.Diagnostics.Process.Start(new ProcessStartInfo(name) { UseShellExecute = false })?.Dispose());
        }
    }

    [Fact]
    public async Task Enabling_turns_server_audit_logging_on_with_the_mapped_events_and_disabling_turns_it_off()
    {
        await using var server = await MariaDbServer.StartAsync(template: template);
        await server.SqlAsync("SET GLOBAL server_audit_logging = OFF; SET GLOBAL server_audit_events = 'TABLE';");
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(SocketNode(server));

        await h.PutOkAsync(instance, """{"keep_days":7,"audit_types":["CREATE","INSERT","GRANT"]}""");

        await AssertVariableBecomesAsync(server, "server_audit_logging", "ON");
        await AssertEventsAsync(server, "CONNECT,QUERY_DCL,QUERY_DDL,QUERY_DML_NO_SELECT");
        Assert.Equal(AuditPolicyChange.Applied, (await h.SettledAsync(instance, 1)).Change);

        await h.PutOkAsync(instance, """{"keep_days":0}""");

        await AssertVariableBecomesAsync(server, "server_audit_logging", "OFF");
        Assert.Equal(AuditPolicyChange.Applied, (await h.SettledAsync(instance, 2)).Change);
        var policy = await h.GetAsync(instance);
        Assert.Equal(0, policy.GetProperty("keep_days").GetInt32());
    }

    [Fact]
    public async Task No_audit_types_means_every_event()
    {
        await using var server = await MariaDbServer.StartAsync(template: template);
        await server.SqlAsync("SET GLOBAL server_audit_logging = OFF; SET GLOBAL server_audit_events = 'CONNECT';");
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(SocketNode(server));

        await h.PutOkAsync(instance, """{"keep_days":30}""");

        await AssertVariableBecomesAsync(server, "server_audit_logging", "ON");
        Assert.Equal(string.Empty, await VariableAsync(server, "server_audit_events"));
    }

    private static JsonElement Node(JsonElement policy) => policy.GetProperty("dblogs_apply_status").GetProperty("nodes")[0];

    [Fact]
    public async Task A_wrong_password_fails_visibly_and_logged_once_and_the_change_applies_once_the_password_is_right()
    {
        await using var server = await MariaDbServer.StartAsync(template: template);
        await server.SqlAsync("CREATE USER 'auditor'@'localhost' IDENTIFIED BY 'the-real-one'; GRANT ALL ON *.* TO 'auditor'@'localhost';" +
            "SET GLOBAL server_audit_logging = OFF;");
        await using var h = await PolicyHarness.StartAsync("--AuditPolicyInterval=00:00:00.300");
        var instance = await h.AddInstanceAsync(SocketNode(server, "auditor", "what-dblogs-has"));

        await h.PutOkAsync(instance, """{"keep_days":7}""");

        var status = await h.SettledAsync(instance, 1);
        Assert.Equal(AuditPolicyChange.Failed, status.Change);
        Assert.Contains("Access denied", status.FailureReason, StringComparison.Ordinal);
        Assert.DoesNotContain("what-dblogs-has", status.FailureReason, StringComparison.Ordinal);
        Assert.Equal("OFF", await VariableAsync(server, "server_audit_logging"));
        // GET tells the truth: nothing is known to audit, and why the change is not in effect.
        var failed = await h.GetAsync(instance);
        Assert.Equal(0, failed.GetProperty("keep_days").GetInt32());
        Assert.Equal("FAILED", failed.GetProperty("dblogs_apply_status").GetProperty("state").GetString());
        Assert.Equal("FAILED", Node(failed).GetProperty("state").GetString());
        Assert.Contains("Access denied", Node(failed).GetProperty("reason").GetString(), StringComparison.Ordinal);
        // Several retries later, the service has said it once.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        bool IsFailureLine(string m) => m.Contains("/n1/mariadb-audit: audit policy version 1 was not applied", StringComparison.Ordinal) && m.Contains("Access denied", StringComparison.Ordinal);
        Assert.Single(h.Logs.Messages, IsFailureLine);
        Assert.DoesNotContain(h.Logs.Messages, m => m.Contains("what-dblogs-has", StringComparison.Ordinal));

        await server.SqlAsync("ALTER USER 'auditor'@'localhost' IDENTIFIED BY 'what-dblogs-has';");

        await AssertVariableBecomesAsync(server, "server_audit_logging", "ON");
        var applied = await h.GetUntilAsync(instance, p => p.GetProperty("dblogs_apply_status").GetProperty("state").GetString() == "APPLIED",
            "the retried change");
        Assert.Equal(7, applied.GetProperty("keep_days").GetInt32());
        Assert.Equal("APPLIED", Node(applied).GetProperty("state").GetString());
        Assert.Contains(h.Logs.Messages, m => m.Contains("/n1/mariadb-audit: audit policy version 1 is applied", StringComparison.Ordinal));
        var seen = await h.GetUntilAsync(instance, p => Node(p).GetProperty("server_audit_logging").GetString() == "ON", "the observed state");
        Assert.Equal(JsonValueKind.Null, Node(seen).GetProperty("observe_error").ValueKind);
    }

    [Fact]
    public async Task Before_any_change_the_policy_shows_what_the_server_does()
    {
        await using var server = await MariaDbServer.StartAsync(template: template);
        // As if set in my.cnf: DbLogs was never asked to audit.
        await server.SqlAsync("SET GLOBAL server_audit_events = 'CONNECT,QUERY_DDL'; SET GLOBAL server_audit_logging = ON;");
        await using var h = await PolicyHarness.StartAsync("--AuditPolicyInterval=00:00:00.300");
        var instance = await h.AddInstanceAsync(SocketNode(server));

        var auditing = await h.GetUntilAsync(instance, p => Node(p).GetProperty("server_audit_logging").ValueKind == JsonValueKind.String,
            "the first observation");
        Assert.Equal("ON", Node(auditing).GetProperty("server_audit_logging").GetString());
        Assert.Equal(AuditPolicyView.UnmanagedKeepDays, auditing.GetProperty("keep_days").GetInt32());
        Assert.Equal(["CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "REPAIR", "OPTIMIZE"],
            auditing.GetProperty("audit_types").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal("NOT_SET", auditing.GetProperty("dblogs_apply_status").GetProperty("state").GetString());

        await server.SqlAsync("SET GLOBAL server_audit_logging = OFF;");

        var off = await h.GetUntilAsync(instance, p => Node(p).GetProperty("server_audit_logging").GetString() == "OFF", "the server turned off");
        Assert.Equal(0, off.GetProperty("keep_days").GetInt32());
    }

    [Fact]
    public async Task A_password_with_quotes_and_backslashes_reaches_the_server_through_the_option_file()
    {
        const string Password = "p\"a\\s s#w;o'rd";
        await using var server = await MariaDbServer.StartAsync(template: template);
        var sqlPassword = Password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        await server.SqlAsync($"CREATE USER 'auditor'@'localhost' IDENTIFIED BY '{sqlPassword}'; GRANT ALL ON *.* TO 'auditor'@'localhost';" +
            "SET GLOBAL server_audit_logging = OFF;");
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(SocketNode(server, "auditor", Password));

        await h.PutOkAsync(instance, """{"keep_days":1,"audit_types":["SELECT"]}""");

        var status = await h.SettledAsync(instance, 1);
        Assert.True(status.Change == AuditPolicyChange.Applied, status.FailureReason);
        Assert.Equal("ON", await VariableAsync(server, "server_audit_logging"));
        await AssertEventsAsync(server, "CONNECT,QUERY_DML");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_agent_applies_a_host_and_port_node_over_the_ingest_routes(bool serverRequiresTls)
    {
        const string Password = "agent-S3cret";
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { RequireTls = serverRequiresTls }, template);
        await server.SqlAsync($"CREATE USER 'agent'@'127.0.0.1' IDENTIFIED BY '{Password}'{(serverRequiresTls ? " REQUIRE SSL" : "")};" +
            "GRANT ALL ON *.* TO 'agent'@'127.0.0.1'; SET GLOBAL server_audit_logging = OFF;");
        await using var h = await PolicyHarness.StartAsync();
        // No socket: the embedded collector leaves this node to an agent.
        var instance = await h.AddInstanceAsync(new { id = "n1", ip = "127.0.0.1", port = server.Port, user = "agent", password = Password });
        var key = await h.IssueAgentKeyAsync(instance);
        var sync = new AuditPolicySync(new HttpAuditPolicyChannel(h.App.Client, key));
        await sync.SyncAsync("n1", CancellationToken.None); // no policy yet: nothing to do
        Assert.Equal(AuditPolicyChange.None, (await h.Policies.GetStatusAsync(instance, CancellationToken.None)).Change);

        await h.PutOkAsync(instance, """{"keep_days":7,"audit_types":["DROP"]}""");
        Assert.Equal("OFF", await VariableAsync(server, "server_audit_logging"));
        await sync.SyncAsync("n1", CancellationToken.None);

        Assert.Equal("ON", await VariableAsync(server, "server_audit_logging"));
        await AssertEventsAsync(server, "CONNECT,QUERY_DDL");
        Assert.Equal(AuditPolicyChange.Applied, (await h.Policies.GetStatusAsync(instance, CancellationToken.None)).Change);
        if (serverRequiresTls)
        {
            // The server refuses the node's user without TLS and counted the agent's handshakes: the agent came in over TLS.
            var plain = new MySqlConnectionStringBuilder { Server = "127.0.0.1", Port = (uint)server.Port, UserID = "agent", Password = Password, SslMode = MySqlSslMode.None };
            await using var connection = new MySqlConnection(plain.ConnectionString);
            await Assert.ThrowsAsync<MySqlException>(() => connection.OpenAsync());
            Assert.NotEqual("0", await StatusAsync(server, "Ssl_accepts"));
        }
    }

    private static async Task<string> StatusAsync(MariaDbServer server, string name) =>
        (await server.SqlAsync($"SHOW GLOBAL STATUS LIKE '{name}';")).TrimEnd('\n').Split('\t') is [_, var value] ? value : string.Empty;

    [Fact]
    public async Task Enabling_loads_the_plugin_when_the_server_does_not_have_it()
    {
        await using var server = await MariaDbServer.StartAsync(template: template);
        await server.SqlAsync("UNINSTALL SONAME 'server_audit';");
        Assert.Equal("0\n", await server.SqlAsync("SELECT COUNT(*) FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'SERVER_AUDIT';"));
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(SocketNode(server));

        await h.PutOkAsync(instance, """{"keep_days":7,"audit_types":["CREATE_USER"]}""");

        var status = await h.SettledAsync(instance, 1);
        Assert.True(status.Change == AuditPolicyChange.Applied, status.FailureReason);
        Assert.Equal("ON", await VariableAsync(server, "server_audit_logging"));
        await AssertEventsAsync(server, "CONNECT,QUERY_DCL");
    }
}
