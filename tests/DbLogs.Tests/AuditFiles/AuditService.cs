using System.Globalization;
using System.Text;
using System.Text.Json;
using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.AuditFiles;

/// <summary>
/// The real service collecting one real mariadbd's audit log, with a bootstrap project that has an access key so
/// the RDS routes can be called signed. Restartable on the same data directory (<see cref="RestartAsync"/>).
/// </summary>
internal sealed class AuditService : IAsyncDisposable
{
    private readonly string _bootstrap;
    private readonly string[] _args;
    private readonly bool _listen;

    private AuditService(string bootstrap, string[] args, bool listen, string data, TestProject project, string instance)
    {
        _bootstrap = bootstrap;
        _args = args;
        _listen = listen;
        Data = data;
        Project = project;
        Instance = instance;
    }

    public TestApp App { get; private set; } = null!;

    public string Data { get; }

    public TestProject Project { get; }

    public string Instance { get; }

    public string Base => $"/v3/{Project.Id}/instances/{Instance}";

    /// <param name="listen">Serve on a real loopback listener (see <see cref="TestApp.StartAsync"/>).</param>
    public static async Task<AuditService> StartAsync(string directory, MariaDbServer server, string[] args,
        Action<IServiceCollection>? services = null, bool listen = false)
    {
        var (bootstrap, project, instance) = SignedMariaDbBootstrap.Write(directory, server, "UTC", new { audit = server.AuditLog });
        var service = new AuditService(bootstrap, args, listen, Path.Combine(directory, "data"), project, instance);
        await service.RestartAsync(services);

        // Let the collector take hold of the live file before the tests make the plugin rotate it: on a loaded
        // machine its first look could otherwise come after a rotation (see the report; collection's first-start policy).
        await service.CollectedAsync(server);
        return service;
    }

    /// <summary>Stops the running service (if any) and starts a new one on the same data directory.</summary>
    public async Task RestartAsync(Action<IServiceCollection>? services = null, DateTimeOffset? now = null)
    {
        var clock = App?.Clock.Now;
        await StopAsync();
        App = await TestApp.StartAsync(["--bootstrap", _bootstrap, "--FollowerInterval=00:00:01", .. _args], now ?? clock ?? DateTimeOffset.UtcNow,
            services, Data, _listen);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, string? body = null) =>
        App.SendSignedAsync(method, Base + relative, Project, body);

    public async Task<JsonElement> OkAsync(HttpMethod method, string relative, string? body = null)
    {
        using var response = await SendAsync(method, relative, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {relative}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> RotateAsync() => OkAsync(HttpMethod.Post, "/auditlog-rotate", $$"""{"instance_id":"{{Instance}}"}""");

    /// <summary>Every listed file of the window, following pages of <paramref name="limit"/> until an empty one.</summary>
    public async Task<List<JsonElement>> ListAllAsync(string start, string end, int limit = 50)
    {
        var all = new List<JsonElement>();
        for (var offset = 0; ; offset += limit)
        {
            var page = await OkAsync(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture,
                $"/auditlog?start_time={start}&end_time={end}&offset={offset}&limit={limit}"));
            var items = page.GetProperty("auditlogs").EnumerateArray().ToList();
            if (items.Count == 0)
            {
                return all;
            }

            all.AddRange(items);
        }
    }

    /// <summary>Waits until the service stored everything the plugin wrote, then lets the followers catch up.</summary>
    public async Task<byte[]> CollectedAsync(MariaDbServer server)
    {
        var stored = await Collected.AssertEventuallyEqualAsync(App, LogKind.MariadbAudit, () => Collected.Concatenate(server.AuditFiles()));
        await CatchUpAsync();
        return stored;
    }

    /// <summary>Runs the stream followers over every source now, as their timer would, and returns when they are done.</summary>
    public Task CatchUpAsync() => App.Services.GetRequiredService<StreamFollowers>().CatchUpAllAsync(CancellationToken.None);

    /// <summary>Each file's bytes fetched through links of ShowAuditlogDownloadLink, in the order of the ids.</summary>
    public async Task<List<byte[]>> DownloadAsync(IReadOnlyList<string> ids)
    {
        var body = await OkAsync(HttpMethod.Post, "/auditlog-links", JsonSerializer.Serialize(new { ids }));
        var links = body.GetProperty("links").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(ids.Count, links.Count);
        var contents = new List<byte[]>();
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Contains("/" + ids[i] + "/", links[i], StringComparison.Ordinal);
            using var response = await App.Client.GetAsync(new Uri(links[i]));
            Assert.True(response.IsSuccessStatusCode, $"download {ids[i]}: {(int)response.StatusCode}");
            contents.Add(await response.Content.ReadAsByteArrayAsync());
        }

        return contents;
    }

    public static byte[] Concat(IEnumerable<byte[]> parts)
    {
        using var all = new MemoryStream();
        foreach (var part in parts)
        {
            all.Write(part);
        }

        return all.ToArray();
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Sequence number n of a name <c>{n}_{time}_{instance}_Audit_{uuid}</c>.</summary>
    public static long Sequence(JsonElement item) =>
        long.Parse(item.GetProperty("name").GetString()!.Split('_')[0], CultureInfo.InvariantCulture);

    public async Task StopAsync()
    {
        if (App is null)
        {
            return;
        }

        var app = App;
        App = null!;
        await app.StopAndDisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
