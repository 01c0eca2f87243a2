using System.Net;
using DbLogs.Tests.Process;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Hostile;

/// <summary>
/// Dot segments over a real socket: Kestrel removes <c>.</c> and <c>..</c> (raw or percent-encoded) before routing, so
/// without the guard <c>DELETE …/users/%2E%2E</c> deletes the project.
/// </summary>
public sealed class DotSegmentTests(BootstrappedServe fixture) : IClassFixture<BootstrappedServe>
{
    private readonly ServeProcess _serve = fixture.Serve;

    [Theory]
    [InlineData("%2E%2E")]
    [InlineData("%2e%2e")]
    [InlineData("..")]
    [InlineData("%2E")]
    [InlineData(".%2E")]
    public async Task Deleting_a_user_named_by_a_dot_segment_is_refused_and_the_project_stays(string segment)
    {
        var adminKey = _serve.AdminKey;
        var answer = await RawHttp.SendAsync(new Uri(_serve.BaseUrl),
            $"DELETE /admin/v1/projects/{ProcessBootstrap.ProjectId}/users/{segment} HTTP/1.1\nHost: 127.0.0.1\nX-Admin-Key: {adminKey}\nConnection: close");

        Assert.Equal(400, answer.Status);
        Assert.Contains("DBLOGS.400", answer.Body, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/v1/projects/{ProcessBootstrap.ProjectId}/users");
        request.Headers.Add("X-Admin-Key", adminKey);
        using var users = await _serve.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Contains(ProcessBootstrap.UserName, await users.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dot_segment_in_a_cloud_route_answers_in_that_family_format()
    {
        var dcs = await RawHttp.SendAsync(new Uri(_serve.BaseUrl),
            $"GET /v2/{ProcessBootstrap.ProjectId}/instances/x/%2E%2E/{ProcessBootstrap.RedisInstanceId}/redislog?log_type=run HTTP/1.1\nHost: 127.0.0.1\nConnection: close");
        var rds = await RawHttp.SendAsync(new Uri(_serve.BaseUrl),
            $"GET /v3/{ProcessBootstrap.ProjectId}/instances/./{ProcessBootstrap.MysqlInstanceId}/auditlog HTTP/1.1\nHost: 127.0.0.1\nConnection: close");

        Assert.Equal(400, dcs.Status);
        Assert.Contains("\"error_ext_msg\":null", dcs.Body, StringComparison.Ordinal);
        Assert.Equal(400, rds.Status);
        Assert.Contains("APIGW.0201", rds.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_with_dots_that_are_not_dot_segments_still_route()
    {
        var adminKey = _serve.AdminKey;
        var answer = await RawHttp.SendAsync(new Uri(_serve.BaseUrl),
            $"DELETE /admin/v1/projects/{ProcessBootstrap.ProjectId}/users/... HTTP/1.1\nHost: 127.0.0.1\nX-Admin-Key: {adminKey}\nConnection: close");

        Assert.Equal(404, answer.Status);
        Assert.Contains("The user does not exist", answer.Body, StringComparison.Ordinal);
    }
}
