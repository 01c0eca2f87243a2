using System.Diagnostics;
using System.Text.Json;
using DbLogs.Collection.Agent;
using DbLogs.Tests.Collection.Faults;
using DbLogs.Tests.Process;

namespace DbLogs.Tests.Collection.EndToEnd;

/// <summary>An agent whose key the service rejects says so and exits with its own code, so a service manager shows the failure.</summary>
public sealed class AgentKeyRejectionTests
{
    private const string InstanceId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_unknown_key_stops_the_agent_with_exit_code_3(bool inProcess)
    {
        await using var serve = await StartServeAsync();
        var dir = AgentDirectory(serve, "unknown");
        await using var agent = FaultProcess.Start("agent", AgentArgs(await ConfigAsync(serve, dir, "dblk_" + new string('0', 48)), inProcess), dir);

        Assert.True(await WaitForExitAsync(agent) == AgentRunner.KeyRejectedExitCode, agent.ToString());
        Assert.Contains("rejected the agent key", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_revoked_while_the_agent_runs_stops_it_and_list_no_longer_shows_the_key()
    {
        await using var serve = await StartServeAsync();
        var adminKey = (await File.ReadAllTextAsync(Path.Combine(serve.DataDirectory, "admin.key"))).Trim();
        using var issued = JsonDocument.Parse(await AdminAsync(serve, adminKey, HttpMethod.Post, $"/admin/v1/instances/{InstanceId}/agent-keys"));
        var key = issued.RootElement.GetProperty("key").GetString()!;
        var keyId = issued.RootElement.GetProperty("id").GetString()!;
        Assert.Contains(keyId, await AdminAsync(serve, adminKey, HttpMethod.Get, $"/admin/v1/instances/{InstanceId}/agent-keys"), StringComparison.Ordinal);

        var dir = AgentDirectory(serve, "revoked");
        var log = Path.Combine(dir, "redis-server.log");
        await File.WriteAllTextAsync(log, "1:M 21 Nov 2026 10:00:00.000 * first line\n");
        await using var agent = FaultProcess.Start("agent", AgentArgs(await ConfigAsync(serve, dir, key, log), inProcess: true), dir);
        await WaitUntilAsync(() => File.Exists(Path.Combine(dir, "state", "checkpoint.json")) && !agent.HasExited);

        await AdminAsync(serve, adminKey, HttpMethod.Delete, $"/admin/v1/instances/{InstanceId}/agent-keys/{keyId}");
        await File.AppendAllTextAsync(log, "1:M 21 Nov 2026 10:00:01.000 * a line after the revocation\n");

        Assert.True(await WaitForExitAsync(agent) == AgentRunner.KeyRejectedExitCode, agent.ToString());
        Assert.Contains("rejected the agent key", agent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(keyId, await AdminAsync(serve, adminKey, HttpMethod.Get, $"/admin/v1/instances/{InstanceId}/agent-keys"), StringComparison.Ordinal);
    }

    private static Task<ServeProcess> StartServeAsync() => ServeProcess.StartAsync(new ServeOptions
    {
        BootstrapJson = $$"""
            {"projects":[{"id":"0524e839a54847039e9b2b46e8aa788a","name":"demo","instances":[{"id":"{{InstanceId}}","name":"cache","engine":"redis",
             "shards":[{"name":"group-0","replicas":[{"id":"a1","ip":"127.0.0.1","port":6379,"role":"master"}]}]}]}]}
            """,
        ExtraArgs = ["--EmbeddedCollector=false"],
    });

    private static string AgentDirectory(ServeProcess serve, string name) => Directory.CreateDirectory(Path.Combine(serve.WorkingDirectory, name)).FullName;

    private static string[] AgentArgs(string config, bool inProcess) => inProcess ? ["agent", "--config", config, "--in-process"] : ["agent", "--config", config];

    private static async Task<string> ConfigAsync(ServeProcess serve, string dir, string key, string? log = null)
    {
        log ??= Path.Combine(dir, "redis-server.log");
        if (!File.Exists(log))
        {
            await File.WriteAllTextAsync(log, "1:M 21 Nov 2026 10:00:00.000 * a line\n");
        }

        var config = Path.Combine(dir, "agent.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["server"] = serve.BaseUrl,
            ["agent_key"] = key,
            ["state_dir"] = Path.Combine(dir, "state"),
            ["sources"] = new[] { new Dictionary<string, string> { ["kind"] = "redis-run", ["path"] = log, ["node"] = "a1" } },
        }));
        return config;
    }

    private static async Task<string> AdminAsync(ServeProcess serve, string adminKey, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Admin-Key", adminKey);
        using var response = await serve.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<int> WaitForExitAsync(FaultProcess agent) =>
        await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)) ?? throw new Xunit.Sdk.XunitException($"the agent still runs: {agent}");

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        var waited = Stopwatch.StartNew();
        while (!done() && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }
    }
}
