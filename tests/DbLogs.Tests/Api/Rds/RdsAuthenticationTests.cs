using DbLogs.Tests.Support;

namespace DbLogs.Tests.Api.Rds;

/// <summary>Credentials on the RDS routes (spec/auth.md): 401 APIGW.0301 for token and AK/SK failures, 403 DBS.200010 for another project.</summary>
public class RdsAuthenticationTests
{
    private const string NotAuthorized = "The DB instance ID or user ID may be null, or the operation is not authorized.";

    private static Task<HttpResponseMessage> SendAsync(RdsFixture f, string method, string path, string? body) =>
        f.SendPathAsync(new HttpMethod(method), path, body);

    public static TheoryData<string, string, string?> Routes => RdsRoutes.Rows;

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_credentials_every_route_answers_APIGW_0301(string method, string relative, string? body)
    {
        await using var f = await RdsFixture.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), f.Base + relative);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var message = await RdsFixture.AssertErrorAsync(await f.App.Client.SendAsync(request), 401, "APIGW.0301");
        Assert.StartsWith("Incorrect IAM authentication information: ", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_unknown_token_answers_APIGW_0301(string method, string relative, string? body)
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await f.App.SendWithTokenAsync(new HttpMethod(method), f.Base + relative, "dblt_" + new string('A', 64), body);

        await RdsFixture.AssertErrorAsync(response, 401, "APIGW.0301");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_expired_token_answers_APIGW_0301(string method, string relative, string? body)
    {
        await using var f = await RdsFixture.StartWithTokenAsync();
        f.App.Clock.Advance(TimeSpan.FromHours(25));

        var message = await RdsFixture.AssertErrorAsync(await SendAsync(f, method, f.Base + relative, body), 401, "APIGW.0301");

        Assert.Contains("expired", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_still_accepted_just_before_it_expires()
    {
        await using var f = await RdsFixture.StartWithTokenAsync();
        f.App.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));

        await RdsFixture.OkJsonAsync(await f.GetAsync("/auditlog-policy"));
        f.App.Clock.Advance(TimeSpan.FromSeconds(1));
        await RdsFixture.AssertErrorAsync(await f.GetAsync("/auditlog-policy"), 401, "APIGW.0301");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("' OR 1=1 --")]
    public async Task Bad_token_values_answer_APIGW_0301(string token)
    {
        await using var f = await RdsFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, f.Base + "/auditlog-policy");
        request.Headers.TryAddWithoutValidation("X-Auth-Token", token);

        await RdsFixture.AssertErrorAsync(await f.App.Client.SendAsync(request), 401, "APIGW.0301");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_wrong_secret_key_answers_APIGW_0301(string method, string relative, string? body)
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await f.App.SendSignedAsync(new HttpMethod(method), f.Base + relative, f.Project with { Sk = "not-the-secret" }, body);

        var message = await RdsFixture.AssertErrorAsync(response, 401, "APIGW.0301");
        Assert.DoesNotContain(f.Project.Sk, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_access_key_answers_APIGW_0301()
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await f.App.SendSignedAsync(HttpMethod.Get, f.Base + "/auditlog-policy", f.Project with { Ak = "AKNOTREGISTERED00000" });

        var message = await RdsFixture.AssertErrorAsync(response, 401, "APIGW.0301");
        Assert.Contains("ak not exist", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-16, 401)]
    [InlineData(16, 401)]
    [InlineData(-14, 200)]
    [InlineData(14, 200)]
    public async Task A_signature_more_than_fifteen_minutes_off_answers_APIGW_0301(int minutes, int status)
    {
        await using var f = await RdsFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, f.Base + "/auditlog-policy");
        RequestSigner.Sign(request, f.Project.Ak, f.Project.Sk, f.Project.Id, f.App.Clock.Now.AddMinutes(minutes), string.Empty);

        var response = await f.App.Client.SendAsync(request);

        if (status == 200)
        {
            await RdsFixture.OkJsonAsync(response);
        }
        else
        {
            Assert.Contains("signature expired", await RdsFixture.AssertErrorAsync(response, 401, "APIGW.0301"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_tampered_query_after_signing_answers_APIGW_0301()
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await f.App.SendSignedAsync(HttpMethod.Get, f.Base + "/auditlog?" + RdsQuery.AuditWindow + "&limit=10", f.Project,
            tamper: r => r.RequestUri = new Uri(r.RequestUri!.OriginalString.Replace("limit=10", "limit=50", StringComparison.Ordinal), UriKind.Relative));

        await RdsFixture.AssertErrorAsync(response, 401, "APIGW.0301");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_token_of_another_project_answers_DBS_200010(string method, string relative, string? body)
    {
        await using var f = await RdsFixture.StartWithTokenAsync();
        var other = await f.AddProjectAsync("other");
        var otherInstance = await f.App.CreateMysqlInstanceAsync(other);

        var response = await SendAsync(f, method, $"/v3/{other.Id}/instances/{otherInstance}{relative}", body);

        var message = await RdsFixture.AssertErrorAsync(response, 403, "DBS.200010");
        Assert.Equal(NotAuthorized, message);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_access_key_of_another_project_answers_DBS_200010(string method, string relative, string? body)
    {
        await using var f = await RdsFixture.StartAsync();
        var other = await f.AddProjectAsync("other");
        var otherInstance = await f.App.CreateMysqlInstanceAsync(other);

        var response = await f.App.SendSignedAsync(new HttpMethod(method), $"/v3/{other.Id}/instances/{otherInstance}{relative}", f.Project, body);

        var message = await RdsFixture.AssertErrorAsync(response, 403, "DBS.200010");
        Assert.Equal(NotAuthorized, message);
    }

    [Fact]
    public async Task A_signed_project_header_that_is_not_the_keys_project_answers_DBS_200010()
    {
        await using var f = await RdsFixture.StartAsync();
        var other = await f.AddProjectAsync("other");
        var otherInstance = await f.App.CreateMysqlInstanceAsync(other);

        // Project A's key, signing X-Project-Id of project B, on B's path.
        var response = await f.App.SendSignedAsync(HttpMethod.Get, $"/v3/{other.Id}/instances/{otherInstance}/auditlog-policy",
            f.Project with { Id = other.Id });

        await RdsFixture.AssertErrorAsync(response, 403, "DBS.200010");
    }

    [Fact]
    public async Task Credentials_are_checked_before_the_instance_id()
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await f.App.Client.GetAsync($"/v3/{f.Project.Id}/instances/not-an-id/auditlog");

        await RdsFixture.AssertErrorAsync(response, 401, "APIGW.0301");
    }

    [Fact]
    public async Task The_project_is_checked_before_the_instance_id()
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await f.SendPathAsync(HttpMethod.Get, "/v3/0483b6b16e954cb88930a360d2c4e663/instances/not-an-id/auditlog");

        await RdsFixture.AssertErrorAsync(response, 403, "DBS.200010");
    }
}
