using DbLogs.Collection.Redis;
using DbLogs.Collection.Shipping;
using DbLogs.Core.Ingest;
using DbLogs.Processing.RedisSlowlog;

namespace DbLogs.Server.Embedded;

/// <summary>The embedded poller's sink: <see cref="RedisSlowlogIngest"/> in-process, for one instance.</summary>
public sealed class LocalSlowlogSink(RedisSlowlogIngest ingest, string instanceId) : ISlowlogSink
{
    public async Task SendAsync(SlowlogBatch batch, CancellationToken ct)
    {
        if (await StoreFailures.RetryableAsync(() => ingest.StoreAsync(instanceId, batch, ct)) is null)
        {
            throw new IngestException($"Node {batch.Node} is not a Redis node of instance {instanceId}.", retryable: false);
        }
    }

    public Task ReportErrorAsync(string nodeId, string? error, CancellationToken ct) =>
        StoreFailures.RetryableAsync(() => ingest.ReportErrorAsync(instanceId, nodeId, error, ct));
}
