using System.Net;
using System.Text;
using System.Text.Json;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Hostile;

/// <summary>A captured signed request must not carry another body: the signature covers the body received.</summary>
public class ReplayedBodyTests
{
    private const string SignedBody = """{"keep_days":7}""";
    private const string HostileBody = """{"keep_days":0,"reserve_auditlogs":false}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_signed_policy_change_replayed_with_another_body_and_the_old_hash_is_refused(bool hashHeaderSigned)
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateMysqlInstanceAsync(project);
        var path = $"/v3/{project.Id}/instances/{instance}/auditlog-policy";
        var originalHash = RequestSigner.Sha256Hex(SignedBody);

        var honest = await app.Client.SendAsync(SignedPut(app, project, path, SignedBody, originalHash, hashHeaderSigned));
        Assert.Equal(HttpStatusCode.OK, honest.StatusCode);

        var replayed = SignedPut(app, project, path, SignedBody, originalHash, hashHeaderSigned);
        replayed.Content = new StringContent(HostileBody, Encoding.UTF8, "application/json");
        var answer = await app.Client.SendAsync(replayed);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("APIGW.0301", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var policy = await app.SendSignedAsync(HttpMethod.Get, path, project);
        Assert.Equal(7, JsonDocument.Parse(await policy.Content.ReadAsStringAsync()).RootElement.GetProperty("keep_days").GetInt32());
    }

    [Fact]
    public async Task Unsigned_payload_is_accepted_when_the_client_says_so()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateMysqlInstanceAsync(project);
        var path = $"/v3/{project.Id}/instances/{instance}/auditlog-policy";

        var answer = await app.Client.SendAsync(SignedPut(app, project, path, SignedBody, RequestSigner.UnsignedPayload, hashHeaderSigned: true));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    /// <summary>A PUT signed over <paramref name="payloadLine"/> as the canonical request's payload hash, with X-Sdk-Content-Sha256 set to it.</summary>
    private static HttpRequestMessage SignedPut(TestApp app, TestProject project, string path, string body, string payloadLine, bool hashHeaderSigned)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        RequestSigner.Sign(request, project.Ak, project.Sk, app.Clock.Now, payloadLine, hashHeaderSigned ? [("X-Sdk-Content-Sha256", payloadLine)] : []);
        if (!hashHeaderSigned)
        {
            request.Headers.Add("X-Sdk-Content-Sha256", payloadLine);
        }

        return request;
    }
}
