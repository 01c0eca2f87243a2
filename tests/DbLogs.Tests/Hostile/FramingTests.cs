using System.Text;
using DbLogs.Tests.Process;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Hostile;

/// <summary>Malformed HTTP framing over a real socket gets Kestrel's status in the route family's format, never a 500.</summary>
public sealed class FramingTests(BootstrappedServe fixture) : IClassFixture<BootstrappedServe>
{
    private static readonly string TokenPath = "/v3/auth/tokens";
    private static readonly string AuditLinksPath = $"/v3/{ProcessBootstrap.ProjectId}/instances/{ProcessBootstrap.MysqlInstanceId}/auditlog-links";

    [Fact]
    public async Task Chunked_encoding_with_a_body_that_is_not_chunked_is_400()
    {
        var answer = await RawHttp.SendAsync(fixture.BaseUrl,
            $"POST {TokenPath} HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nTransfer-Encoding: chunked",
            Encoding.ASCII.GetBytes("{\"auth\":{}}\r\n\r\n"));

        Assert.Equal(400, answer.Status);
        Assert.Contains("\"code\":400", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_times_out_as_408()
    {
        var answer = await RawHttp.SendAsync(fixture.BaseUrl,
            $"POST {TokenPath} HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nContent-Length: 4000",
            Encoding.ASCII.GetBytes("{\"auth\":{"), TimeSpan.FromSeconds(60));

        // Kestrel's minimum body data rate (240 B/s after a 5 s grace period) ends the wait.
        Assert.Equal(408, answer.Status);
        Assert.Contains("\"code\":408", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2_000_000)]
    [InlineData(40_000_000)]
    public async Task Content_length_over_the_limit_on_a_signed_route_is_413(long contentLength)
    {
        // Refused before the signature is even looked at (its date here is long expired), as a gateway would.
        var answer = await RawHttp.SendAsync(fixture.BaseUrl,
            $"POST {AuditLinksPath} HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nX-Sdk-Date: 20260101T000000Z\n" +
            $"Authorization: SDK-HMAC-SHA256 Access={ProcessBootstrap.Ak}, SignedHeaders=host;x-sdk-date, Signature=00\nContent-Length: {contentLength}",
            Encoding.ASCII.GetBytes("{\"ids\":[]}"));

        Assert.Equal(413, answer.Status);
        Assert.Contains("APIGW.0201", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_refuses_an_oversized_batch_with_413_and_a_corrupt_brotli_body_with_400()
    {
        var key = await fixture.Serve.IssueAgentKeyAsync(ProcessBootstrap.RedisInstanceId);
        const string Batch = "POST /ingest/v1/batches HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer {0}\nX-DbLogs-Node: " + ProcessBootstrap.ReplicaId +
            "\nX-DbLogs-Kind: redis-run\nX-DbLogs-File-Id: f1\nX-DbLogs-File-Path: %2Fvar%2Flog%2Fredis.log\nX-DbLogs-Offset: 0\n{1}Content-Length: {2}";

        var oversized = await RawHttp.SendAsync(fixture.BaseUrl, string.Format(null, Batch, key, string.Empty, 40_000_000), "x"u8.ToArray());
        var garbage = "this is not brotli at all, just text pretending to be compressed"u8.ToArray();
        var corrupt = await RawHttp.SendAsync(fixture.BaseUrl, string.Format(null, Batch, key, "Content-Encoding: br\n", garbage.Length), garbage);

        Assert.Equal(413, oversized.Status);
        Assert.Contains("DBLOGS.413", oversized.Body, StringComparison.Ordinal);
        Assert.Equal(400, corrupt.Status);
        Assert.Contains("DBLOGS.400", corrupt.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kestrels_own_refusal_of_a_malformed_request_line_keeps_its_status()
    {
        var answer = await RawHttp.SendAsync(fixture.BaseUrl, "GET /health HTTP/1.1\nHost: 127.0.0.1\nA header line without a colon");

        Assert.Equal(400, answer.Status);
    }
}
