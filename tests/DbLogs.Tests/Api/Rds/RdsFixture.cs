using System.Net;
using System.Text.Json;
using DbLogs.Server.Admin;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Api.Rds;

/// <summary>
/// One test's DbLogs service with a project, a MySQL instance (node time zone Asia/Shanghai) and a credential. The clock
/// is fixed so that the documented example times (November 2019) are in the past.
/// </summary>
/// <remarks>
/// <see cref="StartAsync"/> gives the project only an access key and signs every request with it, the way the official SDKs
/// call; <see cref="StartWithTokenAsync"/> also creates the project's user and sends its token. A user costs two
/// PBKDF2 derivations (creating it and issuing its token), so only the tests about tokens pay for one.
/// </remarks>
public sealed class RdsFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset DefaultNow = new(2019, 11, 8, 0, 0, 0, TimeSpan.Zero);

    private readonly string? _token;

    private RdsFixture(TestApp app, TestProject project, string instance, string? token)
    {
        App = app;
        Project = project;
        Instance = instance;
        _token = token;
        Seeder = new LogSeeder(app);
    }

    public TestApp App { get; }

    public TestProject Project { get; }

    public string Instance { get; }

    /// <summary>The token of the project's user; only with <see cref="StartWithTokenAsync"/>.</summary>
    public string Token => _token ?? throw new InvalidOperationException("This fixture signs with AK/SK; start it with StartWithTokenAsync.");

    public LogSeeder Seeder { get; }

    /// <summary><c>/v3/{project_id}/instances/{instance_id}</c> of the fixture's instance.</summary>
    public string Base => InstancePath(Instance);

    /// <summary>A service whose requests are signed with the project's AK/SK.</summary>
    public static Task<RdsFixture> StartAsync(DateTimeOffset? now = null) => StartCoreAsync(now, withToken: false);

    /// <summary>A service whose requests carry the token of the project's user.</summary>
    public static Task<RdsFixture> StartWithTokenAsync(DateTimeOffset? now = null) => StartCoreAsync(now, withToken: true);

    private static async Task<RdsFixture> StartCoreAsync(DateTimeOffset? now, bool withToken)
    {
        var app = await TestApp.StartAsync(now: now ?? DefaultNow);
        try
        {
            var project = withToken ? await app.CreateProjectAsync() : await AddProjectAsync(app, "demo");
            var instance = await app.CreateMysqlInstanceAsync(project);
            var token = withToken ? await app.IssueTokenAsync(project) : null;
            return new RdsFixture(app, project, instance, token);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A project with an access key and no user, through the registry code the bootstrap uses.</summary>
    public Task<TestProject> AddProjectAsync(string name) => AddProjectAsync(App, name);

    private static async Task<TestProject> AddProjectAsync(TestApp app, string name)
    {
        var registry = app.Services.GetRequiredService<RegistryService>();
        var (project, _) = await registry.EnsureProjectAsync(null, name, CancellationToken.None);
        var ak = ("AK" + Guid.NewGuid().ToString("N")[..18]).ToUpperInvariant();
        var sk = "SK" + Guid.NewGuid().ToString("N");
        await registry.EnsureAccessKeyAsync(project.Id, ak, sk, CancellationToken.None);
        return new TestProject(project.Id, project.Name, ak, sk, "nobody");
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    public string InstancePath(string instanceId) => $"/v3/{Project.Id}/instances/{instanceId}";

    /// <summary>Sends to <paramref name="pathAndQuery"/> with the fixture's credential.</summary>
    public Task<HttpResponseMessage> SendPathAsync(HttpMethod method, string pathAndQuery, string? jsonBody = null) =>
        _token is null
            ? App.SendSignedAsync(method, pathAndQuery, Project, jsonBody)
            : App.SendWithTokenAsync(method, pathAndQuery, _token, jsonBody);

    /// <summary>Sends <paramref name="relative"/> (a path under the instance, with its query) with the fixture's credential.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, string? jsonBody = null) =>
        SendPathAsync(method, Base + relative, jsonBody);

    public Task<HttpResponseMessage> GetAsync(string relative) => SendAsync(HttpMethod.Get, relative);

    /// <summary>Sends <paramref name="relative"/> signed with the project's AK/SK, the way the .NET SDK signs.</summary>
    public Task<HttpResponseMessage> SendSignedAsync(HttpMethod method, string relative, string? jsonBody = null) =>
        App.SendSignedAsync(method, Base + relative, Project, jsonBody);

    /// <summary>A 200 answer's JSON object.</summary>
    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Checks an RDS error answer: the status, <c>application/json</c>, an <c>X-Request-Id</c>, and a body that is exactly
    /// <c>{"error_code","error_msg"}</c> with the code. Returns the message.
    /// </summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.TryGetValues("X-Request-Id", out var ids) && !string.IsNullOrEmpty(ids.Single()), "X-Request-Id is missing");
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        AssertNames(root, "error_code", "error_msg");
        Assert.Equal(code, root.GetProperty("error_code").GetString());
        var message = root.GetProperty("error_msg").GetString();
        Assert.False(string.IsNullOrEmpty(message));
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        return message!;
    }

    /// <summary>The object's property names, exactly and in order.</summary>
    public static void AssertNames(JsonElement element, params string[] names)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        Assert.Equal(names, element.EnumerateObject().Select(p => p.Name).ToArray());
    }
}

/// <summary>Time parameters and strings shared by the RDS tests.</summary>
public static class RdsQuery
{
    /// <summary>The seed's window, with the <c>+</c> percent-encoded as Go clients send it.</summary>
    public const string AuditWindow = "start_time=2019-11-06T09:00:00%2B0800&end_time=2019-11-07T10:40:15%2B0800";

    /// <summary>A day of error and slow logs: 2019-11-06 in UTC+8.</summary>
    public const string DateWindow = "start_date=2019-11-06T00:00:00%2B0800&end_date=2019-11-07T00:00:00%2B0800";

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);
}
