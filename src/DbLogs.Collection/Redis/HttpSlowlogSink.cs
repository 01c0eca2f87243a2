using System.Net.Http.Headers;
using System.Net.Http.Json;
using DbLogs.Collection.Shipping;
using DbLogs.Core.Ingest;

namespace DbLogs.Collection.Redis;

/// <summary>Ships slowlog batches to <c>POST /ingest/v1/redis-slowlog</c> and errors to <c>/ingest/v1/redis-slowlog/status</c> (docs/collection.md).</summary>
public sealed class HttpSlowlogSink(HttpClient http, string agentKey) : ISlowlogSink
{
    public Task SendAsync(SlowlogBatch batch, CancellationToken ct) => PostAsync(IngestRoutes.PathOf(IngestRoutes.RedisSlowlog), JsonContent.Create(batch, AgentWireJson.Default.SlowlogBatch), ct);

    public Task ReportErrorAsync(string nodeId, string? error, CancellationToken ct) =>
        PostAsync(IngestRoutes.PathOf(IngestRoutes.RedisSlowlogStatus), JsonContent.Create(new SlowlogStatusReport(nodeId, error?[..Math.Min(error.Length, 4000)]), AgentWireJson.Default.SlowlogStatusReport), ct);

    private async Task PostAsync(string path, HttpContent content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agentKey);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await IngestException.FromAsync(response, ct);
        }
    }
}
