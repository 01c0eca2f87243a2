using System.Net;
using DbLogs.Server.Admin;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Api;

/// <summary>The DCS vectors of spec/auth.md sent to the whole service exactly as published.</summary>
public class SignatureVectorEndToEndTests
{
    private const string ProjectId = "0524e839a54847039e9b2b46e8aa788a";
    private const string InstanceId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";

    public static TheoryData<string, string, string, HttpStatusCode> Vectors => new()
    {
        { "GET", $"/v2/{ProjectId}/instances/{InstanceId}/redislog?offset=0&limit=10&log_type=run",
            "27c59f5a076479d985db5caa0b02babb290446c58ed21976aa3d9a4246937569", HttpStatusCode.NoContent },
        { "POST", $"/v2/{ProjectId}/instances/{InstanceId}/redislog?query_time=7&log_type=run&replication_id=a1b2c3",
            "ee0bc88587c50fe69eabac347619b1c97f8a0b3ea255f4ef2cb000fb75a6b4ca", HttpStatusCode.NoContent },
        { "GET", $"/v2/{ProjectId}/instances/{InstanceId}/slowlog?offset=0&limit=10&sort_key=start_time&sort_dir=desc&start_time=1598803200000&end_time=1599494399000",
            "fb432d9f5e9d5fc4ca30c097c78838a7776c67821f023141789ba736b7a74a0d", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Published_vector_is_accepted(string method, string target, string signature, HttpStatusCode expected)
    {
        await using var app = await StartWithVectorKeyAsync();

        var response = await app.Client.SendAsync(VectorRequest(method, target, signature));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Vector_with_one_query_value_changed_is_refused()
    {
        await using var app = await StartWithVectorKeyAsync();
        const string target = $"/v2/{ProjectId}/instances/{InstanceId}/redislog?offset=0&limit=10&log_type=run";
        const string signature = "27c59f5a076479d985db5caa0b02babb290446c58ed21976aa3d9a4246937569";

        var response = await app.Client.SendAsync(VectorRequest("GET", target.Replace("limit=10", "limit=11"), signature));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("APIGW.0301", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Vector_sixteen_minutes_later_is_expired()
    {
        await using var app = await StartWithVectorKeyAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(16));

        var response = await app.Client.SendAsync(VectorRequest("GET",
            $"/v2/{ProjectId}/instances/{InstanceId}/redislog?offset=0&limit=10&log_type=run",
            "27c59f5a076479d985db5caa0b02babb290446c58ed21976aa3d9a4246937569"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signature expired", await response.Content.ReadAsStringAsync());
    }

    private static async Task<TestApp> StartWithVectorKeyAsync()
    {
        var app = await TestApp.StartAsync(now: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var registry = app.Services.GetRequiredService<RegistryService>();
        await registry.EnsureProjectAsync(ProjectId, "vectors", CancellationToken.None);
        await registry.EnsureAccessKeyAsync(ProjectId, "TESTAK", "TESTSK", CancellationToken.None);
        await app.CreateInstanceAsync(new TestProject(ProjectId, "vectors", "TESTAK", "TESTSK", "none"),
            $$"""{"id":"{{InstanceId}}","name":"cache","engine":"redis","shards":[{"name":"group-0","replicas":[{"id":"a1b2c3","ip":"127.0.0.1","port":6379,"role":"master"}]}]}""");
        return app;
    }

    private static HttpRequestMessage VectorRequest(string method, string target, string signature)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), target);
        request.Headers.Host = "dcs.example.com";
        request.Headers.Add("X-Project-Id", ProjectId);
        request.Headers.Add("X-Sdk-Date", "20240101T000000Z");
        request.Headers.TryAddWithoutValidation("Authorization",
            $"SDK-HMAC-SHA256 Access=TESTAK, SignedHeaders=host;x-project-id;x-sdk-date, Signature={signature}");
        return request;
    }
}
