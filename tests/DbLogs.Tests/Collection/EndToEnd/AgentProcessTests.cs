using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DbLogs.Core.Logs;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sqlite;
using DbLogs.Tests.Collection.Faults;
using DbLogs.Tests.Process;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Collection.EndToEnd;

/// <summary>
/// <c>dblogs agent</c> as the process an operator starts: it replaces itself with the native <c>dblogs-agent</c>
/// (or, with <c>--in-process</c>, runs in .NET), ships a file to a real <c>dblogs serve</c>, and stops cleanly on SIGTERM.
/// </summary>
public sealed class AgentProcessTests
{
    private const string InstanceId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";

    [Theory]
    [InlineData(false, "dblogs-agent", false, null)]
    [InlineData(true, "dotnet", false, null)]
    [InlineData(false, "dblogs-agent", true, null)]
    [InlineData(false, "dblogs-agent", false, "zstd")]
    [InlineData(true, "dotnet", false, "zstd")]
    public async Task Dblogs_agent_ships_a_file_and_stops_cleanly_on_sigterm(bool inProcess, string program, bool firstServerDown, string? compression)
    {
        await using var serve = await ServeProcess.StartAsync(new ServeOptions
        {
            BootstrapJson = $$"""
                {"projects":[{"id":"0524e839a54847039e9b2b46e8aa788a","name":"demo","instances":[{"id":"{{InstanceId}}","name":"cache","engine":"redis",
                 "shards":[{"name":"group-0","replicas":[{"id":"a1","ip":"127.0.0.1","port":6379,"role":"master"}]}]}]}]}
                """,
            ExtraArgs = ["--EmbeddedCollector=false"],
        });
        var adminKey = (await File.ReadAllTextAsync(Path.Combine(serve.DataDirectory, "admin.key"))).Trim();
        using var issue = new HttpRequestMessage(HttpMethod.Post, $"/admin/v1/instances/{InstanceId}/agent-keys");
        issue.Headers.Add("X-Admin-Key", adminKey);
        using var issued = await serve.Client.SendAsync(issue);
        using var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());

        var dir = Path.Combine(serve.WorkingDirectory, "agent");
        Directory.CreateDirectory(dir);
        var log = Path.Combine(dir, "redis-server.log");
        var written = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            written.Append(FormattableString.Invariant($"1:M 21 Nov 2026 10:00:{i % 60:00}.{i % 1000:000} * line {i} of the run log\n"));
        }

        await File.WriteAllTextAsync(log, written.ToString());
        var config = Path.Combine(dir, "agent.json");
        var settings = new Dictionary<string, object>
        {
            ["server"] = firstServerDown ? new[] { $"http://127.0.0.1:{Loopback.FreePort()}", serve.BaseUrl } : serve.BaseUrl,
            ["agent_key"] = key.RootElement.GetProperty("key").GetString()!,
            ["state_dir"] = Path.Combine(dir, "state"),
            ["sources"] = new[] { new Dictionary<string, string> { ["kind"] = "redis-run", ["path"] = log, ["node"] = "a1" } },
        };
        if (compression is not null)
        {
            settings["compression"] = compression;
        }

        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(settings));

        await using var agent = FaultProcess.Start("agent", inProcess ? ["agent", "--config", config, "--in-process"] : ["agent", "--config", config], dir);
        var stored = 0L;
        var waited = Stopwatch.StartNew();
        while (stored < written.Length && waited.Elapsed < TimeSpan.FromSeconds(60) && !agent.HasExited)
        {
            await Task.Delay(100);
            stored = await StoredBytesAsync(serve, adminKey);
        }

        Assert.True(stored == written.Length, $"the service stores {stored} of {written.Length} bytes; {agent}");
        Assert.Equal(program, Path.GetFileName(new FileInfo($"/proc/{agent.Id}/exe").LinkTarget));

        Assert.Equal(0, await agent.TerminateAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("dblogs agent: stopped; checkpoint saved", agent.Output, StringComparison.Ordinal);
        var checkpoint = await File.ReadAllTextAsync(Path.Combine(dir, "state", "checkpoint.json"));
        Assert.Contains(FormattableString.Invariant($"\"offset\": {written.Length}"), checkpoint, StringComparison.Ordinal);
        Assert.Equal(written.ToString(), Encoding.UTF8.GetString(await StoredStreamAsync(serve.DataDirectory)));
        Assert.Equal(firstServerDown, agent.Output.Contains("failed (", StringComparison.Ordinal));
    }

    private static async Task<byte[]> StoredStreamAsync(string dataDirectory)
    {
        var sources = await new SqliteSourceStore(new SqliteDatabase(Path.Combine(dataDirectory, "dblogs.db"))).ListSourcesAsync(null);
        var source = Assert.Single(sources, s => s.Kind == LogKind.RedisRun);
        return await Collected.ReadAsync(new SegmentStore(Path.Combine(dataDirectory, "streams")), source);
    }

    private static async Task<long> StoredBytesAsync(ServeProcess serve, string adminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/v1/sources");
        request.Headers.Add("X-Admin-Key", adminKey);
        using var response = await serve.Client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "redis-run")
            .Sum(s => s.GetProperty("stored_bytes").GetInt64());
    }
}
