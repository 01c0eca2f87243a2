using System.Diagnostics;
using System.Text.Json;
using DbLogs.Tests.Collection.Faults;
using DbLogs.Tests.Process;

namespace DbLogs.Tests.Collection.EndToEnd;

/// <summary>
/// Two real agents configured for the same node and kind (one with an edited path): the second is refused with a clear
/// error, the stream holds only the first agent's file, and no gap is recorded for a file that never belonged to the source.
/// </summary>
public sealed class TwoAgentsOneSourceTests
{
    private const string InstanceId = "6d1f2b9e-7a41-4c5e-9f0a-2b8c6e4d1a37";

    private static string Lines(string who, int count) => string.Concat(Enumerable.Range(0, count)
        .Select(i => FormattableString.Invariant($"1:M 21 Nov 2026 10:00:{i % 60:00}.000 * {who} line {i}\n")));

    private static async Task<string> ConfigAsync(ServeProcess serve, string key, string dir, string log)
    {
        Directory.CreateDirectory(dir);
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

    private static async Task<JsonElement?> SourceAsync(ServeProcess serve)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/v1/sources");
        request.Headers.Add("X-Admin-Key", serve.AdminKey);
        using var response = await serve.Client.SendAsync(request);
        var sources = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        return sources.Count == 0 ? null : sources.Single().Clone();
    }

    private static async Task<long> StoredAsync(ServeProcess serve) =>
        (await SourceAsync(serve))?.GetProperty("stored_bytes").GetInt64() ?? 0;

    [Fact]
    public async Task The_second_agent_for_a_source_is_refused_and_records_no_gap()
    {
        await using var serve = await ServeProcess.StartAsync(new ServeOptions
        {
            BootstrapJson = $$"""
                {"projects":[{"id":"1b7e0c3d9f2a4e6b8c5d7f9a1e3b5c7d","name":"demo","instances":[{"id":"{{InstanceId}}","name":"cache","engine":"redis",
                 "shards":[{"name":"group-0","replicas":[{"id":"a1","ip":"127.0.0.1","port":6379,"role":"master"}]}]}]}]}
                """,
            ExtraArgs = ["--EmbeddedCollector=false"],
        });
        var key = await serve.IssueAgentKeyAsync(InstanceId);
        var root = serve.WorkingDirectory;
        var firstLog = Path.Combine(root, "first.log");
        var secondLog = Path.Combine(root, "second.log");
        var first = Lines("first", 500);
        await File.WriteAllTextAsync(firstLog, first);
        await File.WriteAllTextAsync(secondLog, Lines("second", 500));

        await using var a = FaultProcess.Start("agent-a", ["agent", "--config", await ConfigAsync(serve, key, Path.Combine(root, "a"), firstLog)], root);
        var waited = Stopwatch.StartNew();
        while (await StoredAsync(serve) < first.Length)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60) && !a.HasExited, $"agent a did not ship its file; {a}");
            await Task.Delay(100);
        }

        await using var b = FaultProcess.Start("agent-b", ["agent", "--config", await ConfigAsync(serve, key, Path.Combine(root, "b"), secondLog)], root);
        waited.Restart();
        while (!b.Output.Contains("collected by another collector", StringComparison.Ordinal))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60) && !b.HasExited, $"agent b was not refused; {b}");
            await Task.Delay(100);
        }

        // The owner goes on shipping while the second is refused.
        var more = Lines("first-more", 10);
        await File.AppendAllTextAsync(firstLog, more);
        waited.Restart();
        while (await StoredAsync(serve) < first.Length + more.Length)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"agent a stopped shipping; {a}");
            await Task.Delay(100);
        }

        var source = (await SourceAsync(serve))!.Value;
        Assert.Equal(first.Length + more.Length, source.GetProperty("stored_bytes").GetInt64());
        Assert.Equal(0, source.GetProperty("gaps").GetArrayLength());
    }
}
