using DbLogs.Collection.Shipping;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;
using DbLogs.Server.Ingest;

namespace DbLogs.Server.Embedded;

/// <summary>The embedded collector's sink: the ingest service in-process, for one instance.</summary>
public sealed class LocalBatchSink(IngestService ingest, string instanceId) : IBatchSink
{
    public async Task<BatchResult> SendAsync(SourceSpec source, FileChunk chunk, CancellationToken ct)
    {
        var result = await StoreFailures.RetryableAsync(() => ingest.AppendAsync(
            new IngestBatch(instanceId, source.NodeId, source.Kind, chunk.FileId, chunk.FilePath, chunk.Offset, chunk.Data, chunk.FileSize)
            {
                CollectorId = CollectorLeases.EmbeddedCollectorId,
            }, ct));
        return result.Outcome switch
        {
            IngestOutcome.Stored => new BatchResult(true, result.StoredOffset),
            IngestOutcome.AheadOfStored => new BatchResult(false, result.StoredOffset),
            IngestOutcome.OwnedByAnotherCollector => throw new IngestException(result.Refusal!, retryable: true),
            _ => throw new IngestException($"Source {source.Key} is not part of instance {instanceId}.", retryable: false),
        };
    }

    public async Task ReportErrorAsync(SourceSpec source, string? error, CancellationToken ct)
    {
        var result = await StoreFailures.RetryableAsync(() =>
            ingest.ReportErrorAsync(instanceId, source.NodeId, source.Kind, error, CollectorLeases.EmbeddedCollectorId, ct));
        if (result.Refusal is { } refusal)
        {
            throw new IngestException(refusal, retryable: true);
        }
    }

    public async Task ReportGapAsync(SourceSpec source, SourceGap gap, CancellationToken ct)
    {
        var result = await StoreFailures.RetryableAsync(() =>
            ingest.ReportGapAsync(instanceId, source.NodeId, source.Kind, gap, CollectorLeases.EmbeddedCollectorId, ct));
        if (result.Refusal is { } refusal)
        {
            throw new IngestException(refusal, retryable: true);
        }
    }
}
