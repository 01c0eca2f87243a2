using System.Net;
using System.Text;
using DbLogs.Collection.Shipping;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;
using ZstdSharp;

namespace DbLogs.Tests.Collection.Shipping;

/// <summary>What the HTTP sink puts on the wire: a zstd frame of the chunk when it compresses, the chunk's own bytes when not.</summary>
public sealed class HttpBatchSinkEncodingTests
{
    private static readonly byte[] Lines = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"1:M 21 Nov 2026 10:00:00.000 * line {i}\n")));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_batch_goes_zstd_compressed_or_as_it_is(bool compress)
    {
        using var handler = new CapturingHandler();
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:1/") };
        var sink = new HttpBatchSink(http, "key", compress);

        var result = await sink.SendAsync(new SourceSpec(LogKind.RedisRun, "/var/log/redis.log", "a1"),
            new FileChunk("f1", "/var/log/redis.log", 0, Lines, Lines.Length), CancellationToken.None);

        Assert.Equal(Lines.Length, result.StoredOffset);
        Assert.Equal(compress ? ["zstd"] : [], handler.Encoding);
        Assert.Equal(Lines, compress ? new Decompressor().Unwrap(handler.Body).ToArray() : handler.Body);
        Assert.True(compress ? handler.Body.Length < Lines.Length / 4 : handler.Body.Length == Lines.Length);
    }

    /// <summary>Keeps the request's body and encoding and answers as the service's ingest route does.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public byte[] Body { get; private set; } = [];

        public string[] Encoding { get; private set; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            Encoding = [.. request.Content.Headers.ContentEncoding];
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"file_id":"f1","stored_offset":{{Lines.Length}}}""", System.Text.Encoding.UTF8, "application/json"),
            };
        }
    }
}
