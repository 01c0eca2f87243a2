using System.Net;
using DbLogs.Server.Admin;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Api.Dcs;

/// <summary>
/// What most DCS tests start from: a project with an access key and one Redis instance in the caller's own
/// <see cref="TestApp"/>, plus the routes' paths and the requests the official SDK sends. Requests are signed
/// with AK/SK unless the scene was created with a token: a user costs two PBKDF2 runs (~0.4 s), so only the
/// tests about tokens make one.
/// </summary>
public sealed record DcsScene(TestApp App, TestProject Project, string? Token, string Instance)
{
    /// <summary>A fixed clock, so days and expiries in the tests do not depend on when they run.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public static async Task<DcsScene> CreateAsync(TestApp app, int shards = 1, int replicasPerShard = 1, string projectName = "demo",
        bool withToken = false)
    {
        var project = withToken ? await app.CreateProjectAsync(projectName) : await CreateProjectWithKeyOnlyAsync(app, projectName);
        var instance = await app.CreateRedisInstanceAsync(project, shards, replicasPerShard);
        var token = withToken ? await app.IssueTokenAsync(project) : null;
        return new DcsScene(app, project, token, instance);
    }

    /// <summary>Like <see cref="TestApp.CreateProjectAsync"/> without the user (and its password hash).</summary>
    public static async Task<TestProject> CreateProjectWithKeyOnlyAsync(TestApp app, string name)
    {
        var registry = app.Services.GetRequiredService<RegistryService>();
        var (project, _) = await registry.EnsureProjectAsync(null, name, CancellationToken.None);
        var ak = ("AK" + Guid.NewGuid().ToString("N")[..18]).ToUpperInvariant();
        var sk = "SK" + Guid.NewGuid().ToString("N");
        await registry.EnsureAccessKeyAsync(project.Id, ak, sk, CancellationToken.None);
        return new TestProject(project.Id, project.Name, ak, sk, "nobody");
    }

    public LogSeeder Seed => new(App);

    public string Redislog(string query = "") => DcsPaths.Redislog(Project.Id, Instance, query);

    public string Links(string id) => DcsPaths.Links(Project.Id, Instance, id);

    public string Slowlog(string query = "") => DcsPaths.Slowlog(Project.Id, Instance, query);

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery);

    public Task<HttpResponseMessage> PostAsync(string pathAndQuery) => SendAsync(HttpMethod.Post, pathAndQuery);

    /// <summary>With the scene's token if it has one, else signed; a POST as the SDK sends it: JSON content type, empty body.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery)
    {
        var body = method == HttpMethod.Post ? string.Empty : null;
        return Token is null
            ? App.SendSignedAsync(method, pathAndQuery, Project, body)
            : App.SendWithTokenAsync(method, pathAndQuery, Token, body);
    }
}

public static class DcsPaths
{
    public static string Redislog(string projectId, string instanceId, string query = "") =>
        $"/v2/{projectId}/instances/{instanceId}/redislog" + QueryPart(query);

    public static string Links(string projectId, string instanceId, string id) =>
        $"/v2/{projectId}/instances/{instanceId}/redislog/{Uri.EscapeDataString(id)}/links";

    public static string Slowlog(string projectId, string instanceId, string query = "") =>
        $"/v2/{projectId}/instances/{instanceId}/slowlog" + QueryPart(query);

    /// <summary>Builds a query string, escaping every name and value.</summary>
    public static string Query(params (string Name, string Value)[] pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));

    private static string QueryPart(string query) => query.Length == 0 ? string.Empty : "?" + query;
}

/// <summary>The DCS error envelope, compared byte for byte.</summary>
public static class DcsAssert
{
    public const string InvalidLogType = "Invalid logType.";
    public const string EndBeforeStart = "The end time must be after the start time.";
    public const string IncorrectNodeId = "Incorrect node ID.";
    public const string InvalidInstanceId = "Invalid instance ID format.";
    public const string InstanceNotFound = "This DCS instance does not exist.";
    public const string RouteNotFound = "The requested URL does not exist.";
    public const string MethodNotAllowed = "This request method is not allowed.";

    public static string InvalidParameter(string name) => name == "log_type" ? InvalidLogType : $"Invalid {name} in the request.";

    public static string Body(string code, string message) =>
        $$"""{"error_code":"{{code}}","error_msg":"{{message}}","error_ext_msg":null}""";

    /// <summary>Status, <c>Content-Type: application/json</c>, <c>X-Request-Id</c> and the exact body.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal((status, Body(code, message)), (response.StatusCode, body));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(Assert.Single(response.Headers.GetValues("X-Request-Id")));
        return body;
    }

    public static Task<string> BadParameterAsync(HttpResponseMessage response, string name) =>
        ErrorAsync(response, HttpStatusCode.BadRequest, "DCS.4800", InvalidParameter(name));

    /// <summary>A success: the status, JSON content type and a request id; returns the body.</summary>
    public static async Task<string> SuccessAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal((status, status == HttpStatusCode.NoContent ? string.Empty : body), (response.StatusCode, body));
        Assert.NotEmpty(Assert.Single(response.Headers.GetValues("X-Request-Id")));
        if (status != HttpStatusCode.NoContent || response.Content.Headers.ContentType is not null)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }

        return body;
    }
}
