using System.Globalization;
using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Tail;

/// <summary>
/// A real redis-server (DEBUG LOG allowed, so a test makes it write a line on demand) whose run log the service's
/// embedded collector stores, in a signed project; the service listens on loopback (Kestrel) for the tails.
/// </summary>
internal sealed class RedisTailService : IAsyncDisposable
{
    private RedisTailService(RedisServer redis, TestApp app, TestProject project, string instance)
    {
        Redis = redis;
        App = app;
        Project = project;
        Instance = instance;
    }

    public RedisServer Redis { get; }

    public TestApp App { get; }

    public TestProject Project { get; }

    public string Instance { get; }

    public static async Task<RedisTailService> StartAsync(string directory, params string[] args)
    {
        var redis = await RedisServer.StartAsync("--enable-debug-command", "yes");
        var (bootstrap, project, instance) = WriteBootstrap(directory, redis);
        var app = await TestApp.StartAsync(["--bootstrap", bootstrap, .. args], listen: true);
        var service = new RedisTailService(redis, app, project, instance);
        await service.CollectedAsync();
        return service;
    }

    /// <summary>A bootstrap file with a signed project and one Redis instance whose node <c>r1</c> is <paramref name="redis"/>.</summary>
    public static (string Path, TestProject Project, string Instance) WriteBootstrap(string directory, RedisServer redis)
    {
        var instance = Guid.NewGuid().ToString("D");
        var (path, project) = SignedMariaDbBootstrap.WriteSigned(directory, "redis-tail", new
        {
            id = instance,
            name = "cache-tail",
            engine = "redis",
            shards = new[]
            {
                new
                {
                    name = "group-0",
                    replicas = new[] { new { id = "r1", ip = "127.0.0.1", port = redis.Port, role = "master", time_zone = "UTC", logs = new { run = redis.LogFile } } },
                },
            },
        });
        return (path, project, instance);
    }

    /// <summary>Makes redis-server write <c>marker</c> into its log (one line).</summary>
    public async Task LogAsync(string marker) => Assert.Equal("+OK", await Redis.CommandAsync("DEBUG", "LOG", marker));

    /// <summary>Appends <paramref name="bytes"/> of numbered lines to the log file the way another writer would (O_APPEND).</summary>
    public void AppendLines(long bytes, string tag)
    {
        using var log = new FileStream(Redis.LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var chunk = new StringBuilder();
        for (long written = 0, i = 0; written < bytes; i++)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"1:M 05 Dec 2026 19:00:00.000 * {tag} line {i:D8} {new string('x', 60)}\n");
            chunk.Append(line);
            written += line.Length;
            if (chunk.Length >= 1 << 20 || written >= bytes)
            {
                log.Write(Encoding.UTF8.GetBytes(chunk.ToString()));
                chunk.Clear();
            }
        }
    }

    public List<string> Lines() => [.. Encoding.UTF8.GetString(Collected.Concatenate([Redis.LogFile])).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    public Task<byte[]> CollectedAsync() => Collected.AssertEventuallyEqualAsync(App, LogKind.RedisRun, () => Collected.Concatenate([Redis.LogFile]));

    public Task<SseClient> TailAsync(string query = "") =>
        SseClient.OpenAsync(App, Project, Instance, "node_id=r1&kind=redis-run" + (query.Length > 0 ? "&" + query : ""));

    public async ValueTask DisposeAsync()
    {
        await App.StopAndDisposeAsync();
        await Redis.DisposeAsync();
    }
}
