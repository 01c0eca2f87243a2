namespace DbLogs.Tests.Api.Rds;

/// <summary>Both ways in, a token and an AK/SK signature, on every RDS log route.</summary>
public class RdsCredentialTests
{
    public static TheoryData<string, string, string?> Routes => RdsRoutes.Rows;

    /// <summary>One slow statement in the routes' window: the statistics route fails on an empty page (see SlowLogStatisticsTests).</summary>
    private static Task SeedSlowLogAsync(RdsFixture f) =>
        f.Seeder.MysqlSlowAsync(f.Instance, RdsQuery.Utc(2019, 11, 6, 1, 0, 0), 1.5, "SELECT * FROM t WHERE id = N");

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_token_reaches_every_route(string method, string relative, string? body)
    {
        await using var f = await RdsFixture.StartWithTokenAsync();
        await SeedSlowLogAsync(f);

        var response = await f.SendAsync(new HttpMethod(method), relative, body);

        await RdsRoutes.AssertReachedAsync(relative, response);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_aksk_signature_reaches_every_route(string method, string relative, string? body)
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedSlowLogAsync(f);

        var response = await f.SendSignedAsync(new HttpMethod(method), relative, body);

        await RdsRoutes.AssertReachedAsync(relative, response);
    }

    [Theory]
    [InlineData("/auditlog?start_time=2019-11-06T09:00:00+0800&end_time=2019-11-07T10:40:15+0800&offset=0&limit=10")]
    [InlineData("/auditlog?start_time=2019-11-06T09:00:00%2B0800&end_time=2019-11-07T10:40:15%2B0800&offset=0&limit=10")]
    [InlineData("/auditlog?start_time=2019-11-06T01:00:00Z&end_time=2019-11-07T10:40:15+08:00")]
    [InlineData("/errorlog?start_date=2019-11-06T00:00:00+0800&end_date=2019-11-07T00:00:00+0800&offset=1&limit=10&level=ALL")]
    [InlineData("/slowlog?start_date=2019-11-06T00:00:00+0800&end_date=2019-11-07T00:00:00+0800&type=SELECT")]
    [InlineData("/slowlog/statistics?cur_page=1&per_page=10&start_date=2019-11-06T00:00:00+0800&end_date=2019-11-07T00:00:00%2B0800")]
    public async Task Signed_queries_with_raw_or_encoded_plus_are_verified(string relative)
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedSlowLogAsync(f);

        await RdsFixture.OkJsonAsync(await f.SendSignedAsync(HttpMethod.Get, relative));
    }

    [Fact]
    public async Task Both_credentials_see_the_same_policy()
    {
        await using var f = await RdsFixture.StartWithTokenAsync();

        await RdsFixture.OkJsonAsync(await f.SendSignedAsync(HttpMethod.Put, "/auditlog-policy", """{"keep_days":30,"audit_types":["DROP"]}"""));

        var viaToken = await RdsFixture.OkJsonAsync(await f.GetAsync("/auditlog-policy"));
        Assert.Equal(30, viaToken.GetProperty("keep_days").GetInt32());
        Assert.Equal("DROP", viaToken.GetProperty("audit_types")[0].GetString());
    }

    [Fact]
    public async Task A_signed_body_that_is_changed_after_signing_is_refused()
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await f.App.SendSignedAsync(HttpMethod.Put, f.Base + "/auditlog-policy", f.Project, """{"keep_days":7}""",
            tamper: r => r.Content = new StringContent("""{"keep_days":0}""", System.Text.Encoding.UTF8, "application/json"));

        await RdsFixture.AssertErrorAsync(response, 401, "APIGW.0301");
        Assert.Equal(0, (await RdsFixture.OkJsonAsync(await f.GetAsync("/auditlog-policy"))).GetProperty("keep_days").GetInt32());
    }
}
