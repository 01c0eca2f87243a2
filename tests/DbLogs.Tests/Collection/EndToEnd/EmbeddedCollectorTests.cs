using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Collection.EndToEnd;

/// <summary>serve's embedded collector tails the files the bootstrap names and stores them byte for byte.</summary>
public sealed class EmbeddedCollectorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-embedded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Bootstrap(string runLog) => WriteBootstrap(_dir, runLog);

    /// <summary>A bootstrap file in <paramref name="dir"/> of one Redis node whose run log is <paramref name="runLog"/>.</summary>
    internal static string WriteBootstrap(string dir, string runLog)
    {
        var path = Path.Combine(dir, "bootstrap.json");
        File.WriteAllText(path, $$$"""
            {"projects":[{"id":"0524e839a54847039e9b2b46e8aa788a","name":"demo","instances":[
              {"id":"5c597ce5-9823-48aa-bf4d-2defb9385b4a","name":"cache","engine":"redis","shards":[{"name":"group-0","replicas":[
                {"id":"a1b2c3","ip":"127.0.0.1","port":6379,"role":"master","time_zone":"Europe/Berlin","logs":{"run":"{{{runLog}}}"}}]}]}]}]}
            """);
        return path;
    }

    private static void AppendRedisStyle(string path, string line)
    {
        // Redis opens, appends and closes the file for every line.
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Write(Encoding.UTF8.GetBytes(line));
    }

    private static async Task<string> StoredAsync(TestApp app)
    {
        var source = (await app.Services.GetRequiredService<ISourceStore>().ListSourcesAsync(null)).SingleOrDefault(s => s.Kind == LogKind.RedisRun); // the node's slowlog poller has a source too
        if (source is null)
        {
            return string.Empty;
        }

        await using var stream = app.Services.GetRequiredService<SegmentStore>().OpenRead(source.Id, 0, source.Length);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private static async Task<string> WaitForAsync(TestApp app, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string stored;
        while ((stored = await StoredAsync(app)) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return stored;
    }

    [Fact]
    public async Task A_missing_log_file_shows_in_admin_sources_until_it_appears_and_is_then_collected()
    {
        var log = Path.Combine(_dir, "nope.log");
        var logs = new CapturingLoggerProvider();
        await using var app = await TestApp.StartAsync(["--bootstrap", Bootstrap(log)], now: DateTimeOffset.UtcNow,
            services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));

        var missing = await SourceErrorAsync(app, row => row is { } r && r.GetProperty("last_error").GetString() is not null);
        Assert.Contains("the file is missing (since", missing, StringComparison.Ordinal);
        Assert.Contains(logs.Messages, m => m.Contains("nope.log does not exist", StringComparison.Ordinal));

        const string Line = "100:M 21 Nov 2025 23:59:00.000 * Ready to accept connections\n";
        AppendRedisStyle(log, Line);
        Assert.Equal(Line, await WaitForAsync(app, Line));
        Assert.Null(await SourceErrorAsync(app, row => row is { } r && r.GetProperty("last_error").GetString() is null));
    }

    /// <summary>The run-log source's error as <c>GET /admin/v1/sources</c> shows it, once its row satisfies <paramref name="done"/> (or after 20 s).</summary>
    private static async Task<string?> SourceErrorAsync(TestApp app, Func<System.Text.Json.JsonElement?, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        System.Text.Json.JsonElement? row;
        do
        {
            var response = await app.AdminAsync(HttpMethod.Get, "/admin/v1/sources");
            response.EnsureSuccessStatusCode();
            row = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
                .Where(s => s.GetProperty("kind").GetString() == "redis-run").Select(s => (System.Text.Json.JsonElement?)s.Clone()).SingleOrDefault();
            if (done(row))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.True(row.HasValue, "admin sources has no redis-run row");
        return row.Value.GetProperty("last_error").GetString();
    }

    [Fact]
    public async Task Lines_written_across_a_rename_rotation_are_stored_in_order_once()
    {
        var log = Path.Combine(_dir, "redis-server.log");
        var written = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            var line = $"100:M 21 Nov 2025 23:59:{i % 60:00}.000 * line {i}\n";
            AppendRedisStyle(log, line);
            written.Append(line);
        }

        await using var app = await TestApp.StartAsync(["--bootstrap", Bootstrap(log)], now: DateTimeOffset.UtcNow);
        Assert.Equal(written.ToString(), await WaitForAsync(app, written.ToString()));

        File.Move(log, log + ".1"); // logrotate without copytruncate; Redis reopens at its next line
        for (var i = 50; i < 120; i++)
        {
            var line = $"100:M 22 Nov 2025 00:00:{i % 60:00}.000 * line {i}\n";
            AppendRedisStyle(log, line);
            written.Append(line);
        }

        Assert.Equal(written.ToString(), await WaitForAsync(app, written.ToString()));
        var sources = app.Services.GetRequiredService<ISourceStore>();
        var files = await sources.ListFilesAsync((await sources.ListSourcesAsync(null)).Single(s => s.Kind == LogKind.RedisRun).Id);
        Assert.Equal(2, files.Count);
    }
}
