using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DbLogs.Server;
using DbLogs.Server.Admin;
using DbLogs.Server.Bootstrap;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Support;

/// <summary>
/// One in-process DbLogs service per test: its own data directory, store and clock, the real pipeline
/// (DbLogsServer.CreateBuilder/Build) on ASP.NET Core's TestServer.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string DefaultPassword = "correct horse battery staple";

    private readonly WebApplication _app;

    private readonly bool _ownsData;

    private TestApp(WebApplication app, string dataDirectory, ManualClock clock, bool ownsData, Uri? listening)
    {
        _app = app;
        _ownsData = ownsData;
        DataDirectory = dataDirectory;
        Clock = clock;
        BaseAddress = listening;
        Client = listening is null ? app.GetTestClient() : new HttpClient { BaseAddress = listening, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Where the service listens on loopback (Kestrel), when started with <c>listen</c>; null on the in-memory TestServer.</summary>
    public Uri? BaseAddress { get; }

    /// <summary><see cref="BaseAddress"/> without its trailing slash, as a CLI's endpoint setting takes it.</summary>
    public string? BaseUrl => BaseAddress?.GetLeftPart(UriPartial.Authority);

    public HttpClient Client { get; }

    public ManualClock Clock { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public string AdminKey => File.ReadAllText(Path.Combine(DataDirectory, "admin.key")).Trim();

    /// <param name="dataDirectory">An existing data directory to reuse (a restart); the caller then owns and deletes it.</param>
    /// <param name="listen">Serve on a real Kestrel listener on 127.0.0.1 (for a browser) instead of the in-memory TestServer.</param>
    public static async Task<TestApp> StartAsync(string[]? extraArgs = null, DateTimeOffset? now = null, Action<IServiceCollection>? services = null,
        string? dataDirectory = null, bool listen = false)
    {
        var data = dataDirectory ?? Path.Combine(Path.GetTempPath(), "dblogs-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await StartOnAsync(data, extraArgs, now, services, ownsData: dataDirectory is null, listen);
        }
        catch when (dataDirectory is null)
        {
            ServerTools.DeleteDirectory(data); // a start that fails (as some tests mean it to) leaves no directory behind
            throw;
        }
    }

    private static async Task<TestApp> StartOnAsync(string data, string[]? extraArgs, DateTimeOffset? now, Action<IServiceCollection>? services,
        bool ownsData, bool listen)
    {
        var clock = new ManualClock(now ?? DateTimeOffset.UtcNow);
        if (!listen)
        {
            var app = Build(data, extraArgs, clock, services, urls: null);
            await StartOrDisposeAsync(app);
            return new TestApp(app, data, clock, ownsData, listening: null);
        }

        return await ServerStart.WithRetriesAsync<TestApp>(async () =>
        {
            var url = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/");
            var app = Build(data, extraArgs, clock, services, url.ToString());
            try
            {
                await StartOrDisposeAsync(app);
                return (new TestApp(app, data, clock, ownsData, listening: url), string.Empty);
            }
            catch (IOException ex)
            {
                return (null, ex.Message);
            }
        }, retryable: ServerStart.PortTaken);
    }

    /// <summary>
    /// A failed start is disposed now, not by the finalizer: a test may start again on the same data directory, which
    /// the failed start holds.
    /// </summary>
    private static async Task StartOrDisposeAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static WebApplication Build(string data, string[]? extraArgs, ManualClock clock, Action<IServiceCollection>? services, string? urls)
    {
        var builder = DbLogsServer.CreateBuilder(["--data", data, .. urls is null ? Array.Empty<string>() : ["--urls", urls], .. extraArgs ?? []]);
        if (urls is null)
        {
            builder.WebHost.UseTestServer();
        }

        builder.Services.AddSingleton<TimeProvider>(clock);
        services?.Invoke(builder.Services);
        return DbLogsServer.Build(builder);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        // Stop first: disposing alone does not wait for background services (the embedded collector's final save).
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsData)
        {
            return;
        }

        ServerTools.DeleteDirectory(DataDirectory);
    }

    /// <summary>Creates a project with one access key and one user, through the same code the bootstrap uses.</summary>
    public async Task<TestProject> CreateProjectAsync(string name = "demo")
    {
        var registry = Services.GetRequiredService<RegistryService>();
        var (project, _) = await registry.EnsureProjectAsync(null, name, CancellationToken.None);
        var ak = ("AK" + Guid.NewGuid().ToString("N")[..18]).ToUpperInvariant();
        var sk = "SK" + Guid.NewGuid().ToString("N");
        await registry.EnsureAccessKeyAsync(project.Id, ak, sk, CancellationToken.None);
        await registry.EnsureUserAsync(project.Id, "alice", DefaultPassword, CancellationToken.None);
        return new TestProject(project.Id, project.Name, ak, sk, "alice");
    }

    /// <summary>Adds an instance given as the bootstrap file's JSON for one instance.</summary>
    public async Task<string> CreateInstanceAsync(TestProject project, string instanceJson)
    {
        using var doc = JsonDocument.Parse(instanceJson);
        var spec = BootstrapReader.ReadInstance(doc.RootElement, "", _ => null);
        var (instance, _) = await Services.GetRequiredService<RegistryService>().EnsureInstanceAsync(project.Id, spec, CancellationToken.None);
        return instance.Id;
    }

    public Task<string> CreateRedisInstanceAsync(TestProject project, int shards = 1, int replicasPerShard = 1)
    {
        var shardJson = Enumerable.Range(0, shards).Select(s =>
            $$"""{"name":"group-{{s}}","replicas":[{{string.Join(",", Enumerable.Range(0, replicasPerShard).Select(r =>
                $$"""{"id":"r{{s}}{{r}}","ip":"127.0.0.{{(s * 10) + r + 1}}","port":{{6379 + r}},"role":"{{(r == 0 ? "master" : "replica")}}"}"""))}}]}""");
        return CreateInstanceAsync(project, $$"""{"name":"cache-{{Guid.NewGuid():N}}","engine":"redis","shards":[{{string.Join(",", shardJson)}}]}""");
    }

    public Task<string> CreateMysqlInstanceAsync(TestProject project) => CreateInstanceAsync(project,
        $$"""{"name":"db-{{Guid.NewGuid():N}}","engine":"mysql","nodes":[{"id":"n1","ip":"127.0.0.1","port":3306,"time_zone":"Asia/Shanghai"}]}""");

    /// <summary>Asks the IAM-compatible route for a token of the project's user.</summary>
    public async Task<string> IssueTokenAsync(TestProject project, string? password = null)
    {
        var response = await Client.PostAsync("/v3/auth/tokens", TokenRequest(project.UserName, password ?? DefaultPassword, project.Id));
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    public static StringContent TokenRequest(string user, string password, string projectId) => new(
        JsonSerializer.Serialize(new
        {
            auth = new
            {
                identity = new { methods = new[] { "password" }, password = new { user = new { name = user, password } } },
                scope = new { project = new { id = projectId } },
            },
        }), Encoding.UTF8, "application/json");

    /// <summary>Sends a request with a token.</summary>
    public Task<HttpResponseMessage> SendWithTokenAsync(HttpMethod method, string pathAndQuery, string token, string? jsonBody = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.Add("X-Auth-Token", token);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        return Client.SendAsync(request);
    }

    /// <summary>Sends a request signed with the project's AK/SK, the way the .NET SDK signs.</summary>
    public Task<HttpResponseMessage> SendSignedAsync(HttpMethod method, string pathAndQuery, TestProject project, string? jsonBody = null,
        Action<HttpRequestMessage>? tamper = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        RequestSigner.Sign(request, project.Ak, project.Sk, project.Id, Clock.Now, jsonBody ?? string.Empty);
        tamper?.Invoke(request);
        return Client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Admin-Key", AdminKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Client.SendAsync(request);
    }
}

public sealed record TestProject(string Id, string Name, string Ak, string Sk, string UserName);
