using System.Collections.Concurrent;
using DbLogs.Core.Logs;
using DbLogs.Core.Time;
using DbLogs.Processing.Streams;
using DbLogs.Server.Hosting;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Server.Ingest;

/// <summary>
/// Appends collected bytes to a source's stream idempotently: bytes the service already holds for a file are
/// skipped, so a resent batch never duplicates. Bytes go to disk (flushed) before the metadata that makes
/// them visible is committed; a crash in between leaves a tail that start-up cuts off.
/// </summary>
public sealed class IngestService(
    ISourceStore sources,
    IRegistryStore registry,
    SegmentStore segments,
    StreamFollowers followers,
    AppendFailures failures,
    StorageCondition storage,
    TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _locks = new();
    private readonly ConcurrentDictionary<long, IRecordClassifier> _classifiers = new();

    /// <summary>Stores the batch; a failure (e.g. a full disk) is kept for the admin view until an append of the source succeeds.</summary>
    public async Task<IngestResult> AppendAsync(IngestBatch batch, CancellationToken ct)
    {
        IngestResult result;
        try
        {
            result = await StoreAsync(batch, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var error = storage.Report(e) ? $"storing failed: the data directory is full ({StorageFull.Describe(e)})" : $"storing failed: {e.Message}";
            failures.Failed(batch.InstanceId, batch.NodeId, batch.Kind, new AppendFailure(error, clock.GetUtcNow(), batch.FileSize));
            throw;
        }

        failures.Succeeded(batch.InstanceId, batch.NodeId, batch.Kind);
        return result;
    }

    private async Task<IngestResult> StoreAsync(IngestBatch batch, CancellationToken ct)
    {
        if (await SourceNodeAsync(batch.InstanceId, batch.NodeId, batch.Kind, ct) is not { } node)
        {
            return new IngestResult(IngestOutcome.UnknownSource, 0);
        }

        var source = await sources.GetOrCreateSourceAsync(batch.InstanceId, batch.NodeId, batch.Kind, ct);
        var gate = _locks.GetOrAdd(source.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // Re-read under the lock: another batch of this source may have committed meanwhile.
            source = await sources.GetOrCreateSourceAsync(batch.InstanceId, batch.NodeId, batch.Kind, ct);
            var file = await sources.GetFileAsync(source.Id, batch.FileId, ct);
            var storedEnd = file?.StoredEnd ?? batch.Offset;
            if (batch.Offset > storedEnd)
            {
                return new IngestResult(IngestOutcome.AheadOfStored, storedEnd);
            }

            var skip = storedEnd - batch.Offset;
            if (skip >= batch.Data.Length && file is not null)
            {
                return new IngestResult(IngestOutcome.Stored, storedEnd);
            }

            var fresh = batch.Data[(int)skip..];
            segments.Append(source.Id, source.Length, fresh.Span);

            var classifier = _classifiers.GetOrAdd(source.Id, _ => RecordClassifiers.Create(batch.Kind, TimeZones.FindOrUtc(node.TimeZone)));
            var (first, last) = ChunkTimes.Scan(fresh.Span, classifier, source.LastTime);
            var newEnd = storedEnd + fresh.Length;
            await sources.CommitAppendAsync(new AppendCommit(
                source.Id, batch.FileId, batch.FilePath, file is null, file?.FileStart ?? batch.Offset, newEnd,
                new SourceChunk(source.Length, source.Length + fresh.Length, first, last), batch.FileSize, clock.GetUtcNow()), ct);
            storage.Written();
            followers.Notify(source.Id);
            return new IngestResult(IngestOutcome.Stored, newEnd);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<bool> ReportGapAsync(string instanceId, string nodeId, LogKind kind, SourceGap gap, CancellationToken ct)
    {
        if (!(await registry.ListNodesAsync(instanceId, ct)).Any(n => n.Id == nodeId))
        {
            return false;
        }

        var source = await sources.GetOrCreateSourceAsync(instanceId, nodeId, kind, ct);
        await sources.AddGapAsync(source.Id, gap, ct);
        return true;
    }

    /// <summary>Sets (or with null clears) what the operator view shows as the source's error; false when the node has no such source.</summary>
    public async Task<bool> ReportErrorAsync(string instanceId, string nodeId, LogKind kind, string? error, CancellationToken ct)
    {
        if (await SourceNodeAsync(instanceId, nodeId, kind, ct) is null)
        {
            return false;
        }

        var source = await sources.GetOrCreateSourceAsync(instanceId, nodeId, kind, ct);
        await sources.SetLastErrorAsync(source.Id, error, clock.GetUtcNow(), ct);
        return true;
    }

    /// <summary>Cuts every stream back to its committed length: bytes written but never committed are not acknowledged.</summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        foreach (var source in await sources.ListSourcesAsync(null, ct))
        {
            if (segments.PhysicalLength(source.Id) > source.Length)
            {
                segments.TruncateTo(source.Id, source.Length);
            }
        }
    }

    /// <summary>The instance's node, when it has one of that id whose engine has logs of that kind.</summary>
    private async Task<Node?> SourceNodeAsync(string instanceId, string nodeId, LogKind kind, CancellationToken ct)
    {
        var node = (await registry.ListNodesAsync(instanceId, ct)).FirstOrDefault(n => n.Id == nodeId);
        return node is not null && LogKinds.TryFromBootstrapKey(kind.BootstrapKey(), node.Shard is not null, out _) ? node : null;
    }
}
