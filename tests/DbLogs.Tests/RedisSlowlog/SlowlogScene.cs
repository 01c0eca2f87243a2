using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using DbLogs.Collection.Redis;
using DbLogs.Core.Logs;
using DbLogs.Processing.RedisSlowlog;
using DbLogs.Server.Embedded;
using DbLogs.Storage.Sources;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.RedisSlowlog;

/// <summary>A test service with one Redis instance whose node r1 is a real redis-server, and helpers to poll it and read the API.</summary>
public sealed class SlowlogScene : IAsyncDisposable
{
    /// <summary>Slower than 10 ms is slow; DEBUG is allowed (Redis 7 refuses it by default).</summary>
    public static readonly string[] RedisArgs = ["--slowlog-log-slower-than", "10000", "--enable-debug-command", "yes"];

    public static readonly SlowlogSettings FastPolling = new(TimeSpan.FromMilliseconds(100), 128, TimeSpan.FromSeconds(5));

    private SlowlogScene(TestApp app, TestProject project, string instance, RedisServer redis)
    {
        App = app;
        Project = project;
        Instance = instance;
        Redis = redis;
    }

    public TestApp App { get; }

    public TestProject Project { get; }

    public string Instance { get; }

    public RedisServer Redis { get; set; }

    /// <summary>The node's password as the registry holds it (null: none).</summary>
    public string? Password { get; init; }

    /// <summary>A service whose instance (created after start-up, so the embedded poller leaves it alone) names the server as r1.</summary>
    public static async Task<SlowlogScene> StartAsync(RedisServer redis, string? password = null)
    {
        var app = await TestApp.StartAsync(now: DateTimeOffset.UtcNow);
        var project = await app.CreateProjectAsync();
        var passwordJson = password is null ? "null" : JsonSerializer.Serialize(password);
        var instance = await app.CreateInstanceAsync(project,
            $$"""{"name":"cache-slow","engine":"redis","shards":[{"name":"group-0","replicas":[{"id":"r1","ip":"127.0.0.1","port":{{redis.Port}},"role":"master","password":{{passwordJson}}}]}]}""");
        return new SlowlogScene(app, project, instance, redis) { Password = password };
    }

    public SlowlogPoller Poller(SlowlogCursor? cursor = null, string? user = null, string? password = null, SlowlogSettings? settings = null) =>
        new(new SlowlogNode("r1", Endpoint(Redis, user, password ?? Password)),
            new LocalSlowlogSink(App.Services.GetRequiredService<RedisSlowlogIngest>(), Instance), settings ?? FastPolling, cursor, new NoEvents());

    /// <summary>How a client reaches the server: over TLS, trusting the server's own CA, when it speaks only TLS.</summary>
    public static RedisEndpoint Endpoint(RedisServer redis, string? user = null, string? password = null) =>
        new("127.0.0.1", redis.Port, user, password, redis.Tls is { } tls ? new RedisTls(tls.CaFile, TestCertificates.ServerName) : null);

    /// <summary>Runs <c>DEBUG SLEEP 0.02</c> <paramref name="times"/> times on one connection, as an application would: one slow entry each.</summary>
    public static async Task SlowCommandsAsync(RedisServer redis, int times, string? password = null, string? clientName = null, string? user = null)
    {
        List<string[]> commands = [];
        if (password is not null)
        {
            commands.Add(user is null ? ["AUTH", password] : ["AUTH", user, password]);
        }

        if (clientName is not null)
        {
            commands.Add(["CLIENT", "SETNAME", clientName]);
        }

        commands.AddRange(Enumerable.Repeat<string[]>(["DEBUG", "SLEEP", "0.02"], times));
        var replies = await redis.SessionAsync([.. commands]);
        Assert.All(replies, reply => Assert.Equal("+OK", reply));
    }

    public Task SlowCommandsAsync(int times, string? clientName = null) => SlowCommandsAsync(Redis, times, Password, clientName);

    /// <summary>Everything ListSlowlog shows for the last hour, oldest first, through an AK/SK-signed request.</summary>
    public Task<List<JsonElement>> ListAsync() => ListAsync(App, Project, Instance);

    public static async Task<List<JsonElement>> ListAsync(TestApp app, TestProject project, string instance)
    {
        var now = DateTimeOffset.UtcNow;
        var query = string.Create(CultureInfo.InvariantCulture,
            $"start_time={now.AddHours(-1).ToUnixTimeMilliseconds()}&end_time={now.AddHours(1).ToUnixTimeMilliseconds()}&limit=1000&sort_dir=asc");
        var response = await app.SendSignedAsync(HttpMethod.Get, $"/v2/{project.Id}/instances/{instance}/slowlog?{query}", project);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var root = JsonDocument.Parse(body).RootElement;
        var items = root.GetProperty("slowlogs").EnumerateArray().ToList();
        Assert.Equal(items.Count, root.GetProperty("total_num").GetInt32());
        return items;
    }

    public async Task<SourceRecord?> SourceAsync() =>
        (await App.Services.GetRequiredService<ISourceStore>().ListSourcesAsync(Instance)).SingleOrDefault(s => s.Kind == LogKind.RedisSlowlog);

    public async Task<IReadOnlyList<SourceGap>> GapsAsync() =>
        await SourceAsync() is { } source ? await App.Services.GetRequiredService<ISourceStore>().ListGapsAsync(source.Id) : [];

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds (or 20 s pass) and returns the last value.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || started.Elapsed > TimeSpan.FromSeconds(20))
            {
                return value;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (Password is not null)
        {
            try
            {
                // Without a password SHUTDOWN answers NOAUTH and the fixture waits 5 s before killing the server.
                await using var client = await RedisClient.ConnectAsync(Endpoint(Redis, null, Password), TimeSpan.FromSeconds(2), default);
                await client.ExecuteAsync("CONFIG", "SET", "requirepass", "");
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                // the fixture kills it
            }
        }

        await Redis.DisposeAsync();
    }

    private sealed class NoEvents : ISlowlogEvents;
}
