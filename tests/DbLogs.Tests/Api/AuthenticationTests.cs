using System.Net;
using System.Text.Json;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Api;

public class AuthenticationTests
{
    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Signed_request_is_accepted_and_lists_nothing_yet()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateRedisInstanceAsync(project);

        var response = await app.SendSignedAsync(HttpMethod.Get, $"/v2/{project.Id}/instances/{instance}/redislog?offset=0&limit=10&log_type=run", project);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Request-Id"));
    }

    [Fact]
    public async Task Wrong_secret_is_refused_with_gateway_code()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateRedisInstanceAsync(project);

        var response = await app.SendSignedAsync(HttpMethod.Get, $"/v2/{project.Id}/instances/{instance}/redislog?log_type=run",
            project with { Sk = "not-the-secret" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("APIGW.0301", error.GetProperty("error_code").GetString());
        Assert.DoesNotContain(project.Sk, error.GetProperty("error_msg").GetString());
    }
}
