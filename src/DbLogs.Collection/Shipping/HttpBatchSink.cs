using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Ingest;
using DbLogs.Core.Logs;
using ZstdSharp;

namespace DbLogs.Collection.Shipping;

/// <summary>
/// Ships chunks to the service's ingest route (docs/collection.md), zstd-compressed when <paramref name="compress"/>
/// (over a network), as they are otherwise (to a service on the same machine, where compressing only costs CPU).
/// </summary>
public sealed class HttpBatchSink(HttpClient http, string agentKey, bool compress = true) : IBatchSink
{
    /// <summary>zstd's fast level: log text shrinks about 8x, and the service decompresses it several times faster than Brotli.</summary>
    private const int Level = 1;

    /// <summary>Compresses the chunk as the reader queues it, while the chunk before is still on its way.</summary>
    public void Prepare(FileChunk chunk)
    {
        if (compress)
        {
            chunk.Prepared ??= Compress(chunk.Data.Span);
        }
    }

    public Task<BatchResult> SendAsync(SourceSpec source, FileChunk chunk, CancellationToken ct)
    {
        Prepare(chunk); // kept with the chunk until it is acknowledged: a retry sends the same bytes
        return PostAsync(source, chunk, compress ? chunk.Prepared!.Memory : chunk.Data, ct);
    }

    private static PooledBytes Compress(ReadOnlySpan<byte> data)
    {
        // From the chunks' pool, which an idle agent drops: the shared pool would keep one per thread for good.
        var pool = ChunkPool.Current;
        var compressed = pool.Rent(Compressor.GetCompressBound(data.Length));
        try
        {
            // A compressor per chunk: its tables are freed with it, so an idle agent holds none.
            using var compressor = new Compressor(Level);
            return new PooledBytes(compressed, compressor.Wrap(data, compressed), pool);
        }
        catch
        {
            pool.Return(compressed);
            throw;
        }
    }

    private async Task<BatchResult> PostAsync(SourceSpec source, FileChunk chunk, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, IngestRoutes.PathOf(IngestRoutes.Batches)) { Content = new ReadOnlyMemoryContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agentKey);
        request.Headers.Add(IngestHeaders.Node, source.NodeId);
        request.Headers.Add(IngestHeaders.Kind, source.Kind.Name());
        request.Headers.Add(IngestHeaders.FileId, chunk.FileId);
        request.Headers.Add(IngestHeaders.FilePath, Uri.EscapeDataString(chunk.FilePath));
        request.Headers.Add(IngestHeaders.Offset, chunk.Offset.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(IngestHeaders.FileSize, chunk.FileSize.ToString(CultureInfo.InvariantCulture));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (compress)
        {
            request.Content.Headers.ContentEncoding.Add(IngestHeaders.ZstdEncoding);
        }

        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict)
        {
            var stored = await response.Content.ReadFromJsonAsync(AgentWireJson.Default.BatchResponse, ct)
                ?? throw new IngestException("The service answered without a body.", retryable: true);
            return new BatchResult(response.StatusCode == HttpStatusCode.OK, stored.StoredOffset);
        }

        throw await IngestException.FromAsync(response, ct);
    }

    public async Task ReportGapAsync(SourceSpec source, SourceGap gap, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, IngestRoutes.PathOf(IngestRoutes.Gaps))
        {
            Content = JsonContent.Create(GapReport.For(source.NodeId, source.Kind, gap), AgentWireJson.Default.GapReport),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agentKey);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await IngestException.FromAsync(response, ct);
        }
    }

    public async Task ReportErrorAsync(SourceSpec source, string? error, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, IngestRoutes.PathOf(IngestRoutes.Status))
        {
            Content = JsonContent.Create(
                new SourceStatusReport(source.NodeId, source.Kind.Name(), error?[..Math.Min(error.Length, 4000)]), AgentWireJson.Default.SourceStatusReport),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agentKey);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await IngestException.FromAsync(response, ct);
        }
    }
}
