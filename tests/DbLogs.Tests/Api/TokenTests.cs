using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using DbLogs.Server.Secrets;
using DbLogs.Storage.Sqlite;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Api;

public class TokenTests
{
    [Fact]
    public async Task Token_is_issued_in_header_with_24h_expiry_and_accepted_by_both_families()
    {
        await using var app = await TestApp.StartAsync(now: new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var project = await app.CreateProjectAsync();
        var redis = await app.CreateRedisInstanceAsync(project);
        var mysql = await app.CreateMysqlInstanceAsync(project);

        var response = await app.Client.PostAsync("/v3/auth/tokens", TestApp.TokenRequest("alice", TestApp.DefaultPassword, project.Id));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = Assert.Single(response.Headers.GetValues("X-Subject-Token"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token");
        Assert.Equal("2026-01-03T03:04:05.000000Z", body.GetProperty("expires_at").GetString());
        Assert.Equal(project.Id, body.GetProperty("project").GetProperty("id").GetString());
        Assert.Equal("alice", body.GetProperty("user").GetProperty("name").GetString());

        var dcs = await app.SendWithTokenAsync(HttpMethod.Get, $"/v2/{project.Id}/instances/{redis}/redislog?log_type=run", token);
        Assert.Equal(HttpStatusCode.NoContent, dcs.StatusCode);
        var rds = await app.SendWithTokenAsync(HttpMethod.Get,
            $"/v3/{project.Id}/instances/{mysql}/auditlog?start_time=2026-01-01T00:00:00Z&end_time=2026-01-02T00:00:00Z", token);
        Assert.Equal(HttpStatusCode.OK, rds.StatusCode);
    }

    [Fact]
    public async Task Project_can_be_scoped_by_name_and_domain_must_match()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync("acme");

        var byName = await PostToken(app, new { name = "alice", password = TestApp.DefaultPassword, domain = new { name = "acme" } }, new { name = "acme" });
        Assert.Equal(HttpStatusCode.Created, byName.StatusCode);

        var wrongDomain = await PostToken(app, new { name = "alice", password = TestApp.DefaultPassword, domain = new { name = "other" } }, new { id = project.Id });
        Assert.Equal(HttpStatusCode.Unauthorized, wrongDomain.StatusCode);
    }

    [Theory]
    [InlineData("alice", "wrong password")]
    [InlineData("mallory", TestApp.DefaultPassword)]
    public async Task Wrong_credentials_get_one_keystone_style_answer(string user, string password)
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();

        var response = await app.Client.PostAsync("/v3/auth/tokens", TestApp.TokenRequest(user, password, project.Id));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Subject-Token"));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(401, error.GetProperty("code").GetInt32());
        Assert.Equal("The username or password is wrong.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"auth":{"identity":{"methods":["token"]}}}""")]
    [InlineData("""{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"alice"}}}}}""")]
    [InlineData("""{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"alice","password":"x"}}}}}""")]
    [InlineData("""{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"alice","password":"x"}}},"scope":{"domain":{"name":"x"}}}}""")]
    public async Task Malformed_token_requests_are_400(string body)
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.Client.PostAsync("/v3/auth/tokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Expired_token_is_refused_in_each_family()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var redis = await app.CreateRedisInstanceAsync(project);
        var mysql = await app.CreateMysqlInstanceAsync(project);
        var token = await app.IssueTokenAsync(project);

        app.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NoContent,
            (await app.SendWithTokenAsync(HttpMethod.Get, $"/v2/{project.Id}/instances/{redis}/redislog?log_type=run", token)).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(2));
        var dcs = await app.SendWithTokenAsync(HttpMethod.Get, $"/v2/{project.Id}/instances/{redis}/redislog?log_type=run", token);
        Assert.Equal(HttpStatusCode.Unauthorized, dcs.StatusCode);
        Assert.Equal("DCS.1002", await CodeOf(dcs));
        var rds = await app.SendWithTokenAsync(HttpMethod.Get, $"/v3/{project.Id}/instances/{mysql}/auditlog-policy", token);
        Assert.Equal(HttpStatusCode.Unauthorized, rds.StatusCode);
        Assert.Equal("APIGW.0301", await CodeOf(rds));
    }

    [Fact]
    public async Task Deleting_the_user_revokes_its_tokens()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var redis = await app.CreateRedisInstanceAsync(project);
        var token = await app.IssueTokenAsync(project);

        var deleted = await app.AdminAsync(HttpMethod.Delete, $"/admin/v1/projects/{project.Id}/users/alice");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var response = await app.SendWithTokenAsync(HttpMethod.Get, $"/v2/{project.Id}/instances/{redis}/redislog?log_type=run", token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("DCS.1001", await CodeOf(response));
    }

    [Fact]
    public async Task Token_of_one_project_reads_nothing_of_another()
    {
        await using var app = await TestApp.StartAsync();
        var a = await app.CreateProjectAsync("project-a");
        var b = await app.CreateProjectAsync("project-b");
        var redisB = await app.CreateRedisInstanceAsync(b);
        var mysqlB = await app.CreateMysqlInstanceAsync(b);
        var redisA = await app.CreateRedisInstanceAsync(a);
        var tokenA = await app.IssueTokenAsync(a);

        var dcs = await app.SendWithTokenAsync(HttpMethod.Get, $"/v2/{b.Id}/instances/{redisB}/redislog?log_type=run", tokenA);
        Assert.Equal(HttpStatusCode.Unauthorized, dcs.StatusCode);
        Assert.Equal("DCS.1004", await CodeOf(dcs));

        var rds = await app.SendWithTokenAsync(HttpMethod.Get, $"/v3/{b.Id}/instances/{mysqlB}/auditlog-policy", tokenA);
        Assert.Equal(HttpStatusCode.Forbidden, rds.StatusCode);
        Assert.Equal("DBS.200010", await CodeOf(rds));

        // B's instance under A's own path answers exactly like an instance that does not exist.
        var hidden = await app.SendWithTokenAsync(HttpMethod.Get, $"/v2/{a.Id}/instances/{redisB}/redislog?log_type=run", tokenA);
        var missing = await app.SendWithTokenAsync(HttpMethod.Get, $"/v2/{a.Id}/instances/{Guid.NewGuid()}/redislog?log_type=run", tokenA);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await hidden.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent,
            (await app.SendWithTokenAsync(HttpMethod.Get, $"/v2/{a.Id}/instances/{redisA}/redislog?log_type=run", tokenA)).StatusCode);
    }

    [Fact]
    public async Task Secrets_are_stored_only_hashed_or_encrypted()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var token = await app.IssueTokenAsync(project);

        await using var c = await app.Services.GetRequiredService<SqliteDatabase>().OpenAsync();
        var tokenHash = Assert.Single(await c.QueryAsync<string>("SELECT token_hash FROM tokens"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), tokenHash);
        var secret = await c.QuerySingleAsync<byte[]>("SELECT protected_secret FROM access_keys");
        Assert.DoesNotContain(project.Sk, System.Text.Encoding.UTF8.GetString(secret));
        // AES-GCM under the master key: the key recovers the SK, any other key is refused (the tag does not match).
        Assert.Equal(project.Sk, new SecretProtector(app.Services.GetRequiredService<MasterKey>().Bytes).Unprotect(secret));
        Assert.ThrowsAny<CryptographicException>(() => new SecretProtector(RandomNumberGenerator.GetBytes(32)).Unprotect(secret));
        var hash = await c.QuerySingleAsync<string>("SELECT password_hash FROM users");
        Assert.StartsWith("pbkdf2-sha256$", hash);
        Assert.DoesNotContain(TestApp.DefaultPassword, hash);
    }

    private static Task<HttpResponseMessage> PostToken(TestApp app, object user, object project) =>
        app.Client.PostAsync("/v3/auth/tokens", new StringContent(JsonSerializer.Serialize(new
        {
            auth = new
            {
                identity = new { methods = new[] { "password" }, password = new { user } },
                scope = new { project },
            },
        }), System.Text.Encoding.UTF8, "application/json"));

    private static async Task<string?> CodeOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error_code").GetString();
}
