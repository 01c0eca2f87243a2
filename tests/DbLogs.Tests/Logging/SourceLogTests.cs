using System.Text.Json;
using DbLogs.Tests.Process;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DbLogs.Tests.Logging;

/// <summary>Logs an operator can ship: every line about a source names its instance, node and kind; no secret is written.</summary>
public sealed class SourceLogTests : IDisposable
{
    private const string InstanceId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";
    private const string Password = "p4ss-that-is-never-logged";

    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-logging-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A Redis node on a port nobody listens on, whose run log does not exist yet: the collector and the SLOWLOG poller both complain.</summary>
    private string BootstrapJson() => $$$"""
        {"projects":[{"name":"demo","instances":[{"id":"{{{InstanceId}}}","name":"cache","engine":"redis","shards":[{"name":"group-0","replicas":[
          {"id":"a1b2c3","ip":"127.0.0.1","port":{{{Loopback.FreePort()}}},"role":"master","password":"{{{Password}}}",
           "logs":{"run":"{{{Path.Combine(_dir, "redis-server.log")}}}"}}]}]}]}]}
        """;

    [Fact]
    public async Task Every_line_about_a_source_names_instance_node_and_kind_and_no_password()
    {
        var bootstrap = Path.Combine(_dir, "bootstrap.json");
        await File.WriteAllTextAsync(bootstrap, BootstrapJson());
        var logs = new CapturingLoggerProvider();
        await using (var app = await TestApp.StartAsync(["--bootstrap", bootstrap, "--SlowlogInterval", "00:00:01"], now: DateTimeOffset.UtcNow,
            services: s => s.AddSingleton<ILoggerProvider>(logs)))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && !(Has("redis-run", "does not exist") && Has("redis-slowlog", "polling failed")))
            {
                await Task.Delay(100);
            }
        }

        Assert.True(Has("redis-run", "collecting"), string.Join('\n', logs.Messages));
        Assert.True(Has("redis-run", "does not exist"), string.Join('\n', logs.Messages));
        Assert.True(Has("redis-slowlog", "polling SLOWLOG"), string.Join('\n', logs.Messages));
        Assert.True(Has("redis-slowlog", "polling failed"), string.Join('\n', logs.Messages));
        var aboutSources = logs.Entries.Where(e => e.Fields.ContainsKey("Node") || e.Fields.ContainsKey("Kind")).ToList();
        Assert.All(aboutSources, e => Assert.True(
            e.Fields.GetValueOrDefault("Instance") == InstanceId && e.Fields.GetValueOrDefault("Node") == "a1b2c3" && e.Fields.ContainsKey("Kind"),
            e.Message));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal) ||
            e.Fields.Values.Any(v => v?.Contains(Password, StringComparison.Ordinal) == true));

        bool Has(string kind, string text) => logs.Entries.Any(e =>
            e.Fields.GetValueOrDefault("Kind") == kind && e.Message.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_json_console_formatter_writes_each_line_as_json_with_the_source_fields()
    {
        await using var serve = await ServeProcess.StartAsync(new ServeOptions
        {
            BootstrapJson = BootstrapJson(),
            ExtraArgs = ["--Logging:Console:FormatterName", "json"],
        });
        await serve.WaitForStdoutAsync("does not exist", TimeSpan.FromSeconds(30));

        var lines = serve.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList(); // every line is one JSON object
        var missing = entries.First(e => e.GetProperty("Message").GetString()!.Contains("does not exist", StringComparison.Ordinal));
        Assert.Equal("Warning", missing.GetProperty("LogLevel").GetString());
        var state = missing.GetProperty("State");
        Assert.Equal((InstanceId, "a1b2c3", "redis-run"),
            (state.GetProperty("Instance").GetString(), state.GetProperty("Node").GetString(), state.GetProperty("Kind").GetString()));
        Assert.DoesNotContain(Password, serve.Stdout + serve.Stderr, StringComparison.Ordinal);
        Assert.Contains(entries, e => e.GetProperty("Message").GetString()!.StartsWith("Now listening on: " + serve.BaseUrl, StringComparison.Ordinal));
    }
}
