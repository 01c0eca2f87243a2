using System.Text;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Api.Rds;

/// <summary><c>POST …/auditlog-rotate</c> (Huawei's RotateAuditLog).</summary>
public class AuditRotateTests
{
    private static Task<HttpResponseMessage> RotateAsync(RdsFixture f, string? body) =>
        f.SendAsync(HttpMethod.Post, "/auditlog-rotate", body);

    [Fact]
    public async Task Naming_the_instance_in_the_path_answers_its_id()
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await RotateAsync(f, $$"""{"instance_id":"{{f.Instance}}"}""");

        var body = await RdsFixture.OkJsonAsync(response);
        Assert.Equal($$"""{"instance_id":"{{f.Instance}}"}""", await response.Content.ReadAsStringAsync());
        RdsFixture.AssertNames(body, "instance_id");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    public async Task Without_an_instance_id_in_the_body_the_path_instance_is_rotated(string? body)
    {
        await using var f = await RdsFixture.StartAsync();

        var result = await RdsFixture.OkJsonAsync(await RotateAsync(f, body));

        Assert.Equal(f.Instance, result.GetProperty("instance_id").GetString());
    }

    [Fact]
    public async Task Another_instance_of_the_project_in_the_body_answers_DBS_200001()
    {
        await using var f = await RdsFixture.StartAsync();
        var other = await f.App.CreateMysqlInstanceAsync(f.Project);

        var message = await RdsFixture.AssertErrorAsync(await RotateAsync(f, $$"""{"instance_id":"{{other}}"}"""), 400, "DBS.200001");

        Assert.Contains("instance_id", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"instance_id":"cee5265e1e5845649e354841234567dfin01"}""")]
    [InlineData("""{"instance_id":""}""")]
    [InlineData("""{"instance_id":null}""")]
    [InlineData("""{"instance_id":123}""")]
    [InlineData("""{"instance_id":["x"]}""")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    public async Task Bad_bodies_answer_DBS_200001(string body)
    {
        await using var f = await RdsFixture.StartAsync();

        await RdsFixture.AssertErrorAsync(await RotateAsync(f, body), 400, "DBS.200001");
    }

    [Fact]
    public async Task The_instance_id_in_the_body_is_compared_exactly()
    {
        await using var f = await RdsFixture.StartAsync();

        var body = $$"""{"instance_id":"{{f.Instance.ToUpperInvariant()}}"}""";

        await RdsFixture.AssertErrorAsync(await RotateAsync(f, body), 400, "DBS.200001");
    }

    [Fact]
    public async Task A_chunked_body_is_read()
    {
        await using var f = await RdsFixture.StartAsync();
        const string Body = """{"instance_id":"cee5265e1e5845649e354841234567dfin01"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, f.Base + "/auditlog-rotate");
        request.Headers.TransferEncodingChunked = true;
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Body)));
        request.Content.Headers.ContentType = new("application/json");
        RequestSigner.Sign(request, f.Project.Ak, f.Project.Sk, f.Project.Id, f.App.Clock.Now, Body);

        await RdsFixture.AssertErrorAsync(await f.App.Client.SendAsync(request), 400, "DBS.200001");
    }
}
