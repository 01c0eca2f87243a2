using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace DbLogs.Tests.Process;

/// <summary>Batches posted to a <see cref="ServeProcess"/>'s ingest route as an agent posts them.</summary>
public static class IngestBatches
{
    /// <summary>A batch of the Redis replica's run log, as the agent sends it.</summary>
    public static Task<HttpResponseMessage> PostAsync(ServeProcess service, string agentKey, long offset, string text) =>
        PostAsync(service.Client, agentKey, ProcessBootstrap.ReplicaId, offset, text);

    /// <summary>A batch of replica <paramref name="node"/>'s run log, through any client of the service.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string agentKey, string node, long offset, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/v1/batches") { Content = new StringContent(text) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agentKey);
        request.Headers.Add("X-DbLogs-Node", node);
        request.Headers.Add("X-DbLogs-Kind", "redis-run");
        request.Headers.Add("X-DbLogs-File-Id", "f1");
        request.Headers.Add("X-DbLogs-File-Path", "/var/log/redis/redis-server.log");
        request.Headers.Add("X-DbLogs-Offset", offset.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-DbLogs-File-Size", (offset + Encoding.UTF8.GetByteCount(text)).ToString(CultureInfo.InvariantCulture));
        return await client.SendAsync(request);
    }
}
