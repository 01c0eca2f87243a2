using System.Net;

namespace DbLogs.Tests.Api.Rds;

/// <summary>Unknown routes and methods under /v3 and the request id every answer carries.</summary>
public class RdsRouteTests
{
    [Theory]
    [InlineData("/instances/{instance}/auditlogs")]
    [InlineData("/instances/{instance}/errorlogs")]
    [InlineData("/instances/{instance}/slowlog/statistic")]
    [InlineData("/instances/{instance}/auditlog/extra")]
    [InlineData("/instances/{instance}")]
    [InlineData("/instances")]
    [InlineData("/nothing")]
    public async Task An_unknown_route_under_v3_answers_404_json(string relative)
    {
        await using var f = await RdsFixture.StartAsync();
        var path = $"/v3/{f.Project.Id}" + relative.Replace("{instance}", f.Instance, StringComparison.Ordinal);

        var response = await f.SendPathAsync(HttpMethod.Get, path);

        await RdsFixture.AssertErrorAsync(response, 404, "APIGW.0101");
    }

    [Fact]
    public async Task An_unknown_route_without_credentials_is_still_a_404()
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await f.App.Client.GetAsync("/v3/whatever/else");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await RdsFixture.AssertErrorAsync(response, 404, "APIGW.0101");
    }

    [Theory]
    [InlineData("DELETE", "/auditlog")]
    [InlineData("POST", "/auditlog")]
    [InlineData("GET", "/auditlog-links")]
    [InlineData("POST", "/auditlog-policy")]
    [InlineData("DELETE", "/auditlog-policy")]
    [InlineData("GET", "/auditlog-rotate")]
    [InlineData("PUT", "/errorlog")]
    [InlineData("POST", "/slowlog")]
    [InlineData("PATCH", "/slowlog/statistics")]
    public async Task A_wrong_method_answers_405_json(string method, string relative)
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await f.SendAsync(new HttpMethod(method), relative);

        await RdsFixture.AssertErrorAsync(response, 405, "APIGW.0101");
    }

    [Fact]
    public async Task Every_request_gets_its_own_request_id()
    {
        await using var f = await RdsFixture.StartAsync();

        var first = await f.GetAsync("/auditlog-policy");
        var second = await f.GetAsync("/auditlog?limit=0");

        var ids = new[] { first, second }.Select(r => r.Headers.GetValues("X-Request-Id").Single()).ToArray();
        Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(id)));
        Assert.NotEqual(ids[0], ids[1]);
    }
}
