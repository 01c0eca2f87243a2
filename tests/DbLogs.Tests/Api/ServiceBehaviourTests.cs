using System.Net;
using System.Text.Json;
using DbLogs.Core.Paging;
using DbLogs.Storage.RedisRun;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DbLogs.Tests.Api;

public class ServiceBehaviourTests
{
    [Fact]
    public async Task Health_and_openapi_document_are_served()
    {
        await using var app = await TestApp.StartAsync();

        var health = await app.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var doc = JsonDocument.Parse(await app.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = doc.GetProperty("paths");
        foreach (var route in new[]
                 {
                     "/v2/{project_id}/instances/{instance_id}/redislog", "/v2/{project_id}/instances/{instance_id}/redislog/{id}/links",
                     "/v2/{project_id}/instances/{instance_id}/slowlog", "/v3/{project_id}/instances/{instance_id}/auditlog",
                     "/v3/{project_id}/instances/{instance_id}/auditlog-links", "/v3/{project_id}/instances/{instance_id}/auditlog-policy",
                     "/v3/{project_id}/instances/{instance_id}/auditlog-rotate", "/v3/{project_id}/instances/{instance_id}/errorlog",
                     "/v3/{project_id}/instances/{instance_id}/slowlog", "/v3/{project_id}/instances/{instance_id}/slowlog/statistics",
                     "/v3/auth/tokens",
                 })
        {
            Assert.True(paths.TryGetProperty(route, out _), $"OpenAPI document lacks {route}");
        }
    }

    [Theory]
    [InlineData("/v2/abc/nothing-here", "DCS.4001")]
    [InlineData("/v3/abc/nothing-here", "APIGW.0101")]
    [InlineData("/nothing-here", "DBLOGS.404")]
    public async Task Unknown_routes_answer_in_the_family_format(string path, string code)
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Request-Id"));
        Assert.Equal(code, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task A_failure_inside_a_route_is_a_family_500_without_stack_trace_and_is_logged_with_the_request_id()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await TestApp.StartAsync(services: s =>
        {
            s.AddSingleton<IRedisRunStore, FailingRunLogStore>();
            s.AddSingleton<ILoggerProvider>(logs);
        });
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateRedisInstanceAsync(project);
        var token = await app.IssueTokenAsync(project);

        var response = await app.SendWithTokenAsync(HttpMethod.Get, $"/v2/{project.Id}/instances/{instance}/redislog?log_type=run", token);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("""{"error_code":"DCS.5000","error_msg":"Internal service error.","error_ext_msg":null}""", body);
        var requestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Contains(logs.Messages, m => m.Contains(requestId, StringComparison.Ordinal) && m.Contains("failed", StringComparison.Ordinal));
    }

    /// <summary>Fails every read of the route; the start-up and retention calls of the run-log jobs find nothing to do.</summary>
    private sealed class FailingRunLogStore : IRedisRunStore
    {
        private static InvalidOperationException Boom() => new("disk on fire at /secret/path");

        public Task<PagedResult<RunLogFile>> ListAsync(string instanceId, string? replicationId, Page page, CancellationToken ct = default) => throw Boom();
        public Task<RunLogFile?> GetAsync(string instanceId, string id, CancellationToken ct = default) => throw Boom();
        public Task<string> BeginAsync(string newId, string instanceId, string replicationId, string groupName, string replicationIp, DateOnly day,
            DateTimeOffset at, CancellationToken ct = default) => throw Boom();
        public Task FinishAsync(string id, string status, long sizeBytes, DateTimeOffset at, CancellationToken ct = default) => throw Boom();
        public Task<bool> DeleteAsync(string id, CancellationToken ct = default) => throw Boom();
        public Task<IReadOnlyList<RunLogFile>> ListCollectedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<RunLogFile>>([]);
        public Task<IReadOnlyList<RunLogFile>> ListCollectingAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<RunLogFile>>([]);
    }
}
