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
    CollectorLeases leases,
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
        if (await leases.RefusalAsync(source.Id, $"{batch.NodeId}/{batch.Kind.Name()}", batch.CollectorId, take: true, ct) is { } refusal)
        {
            return new IngestResult(IngestOutcome.OwnedByAnotherCollector, 0, refusal);
        }

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

    /// <summary>Records bytes a collector could not read; only the source's own collector may (see <see cref="CollectorLeases"/>).</summary>
    public async Task<IngestResult> ReportGapAsync(string instanceId, string nodeId, LogKind kind, SourceGap gap, string? collectorId,
        CancellationToken ct)
    {
        if (!(await registry.ListNodesAsync(instanceId, ct)).Any(n => n.Id == nodeId))
        {
            return new IngestResult(IngestOutcome.UnknownSource, 0);
        }

        var source = await sources.GetOrCreateSourceAsync(instanceId, nodeId, kind, ct);
        if (await leases.RefusalAsync(source.Id, $"{nodeId}/{kind.Name()}", collectorId, take: true, ct) is { } refusal)
        {
            return new IngestResult(IngestOutcome.OwnedByAnotherCollector, 0, refusal);
        }

        await sources.AddGapAsync(source.Id, gap, ct);
        return new IngestResult(IngestOutcome.Stored, 0);
    }

    /// <summary>
    /// Sets (or with null clears) what the operator view shows as the source's error. A report does not claim the source
    /// (a collector pointed at a missing file must not lock out the one that reads it), but another owner's source is refused.
    /// </summary>
    /// <returns>Null when set; otherwise why not (<see cref="IngestOutcome.UnknownSource"/> or the owner's refusal).</returns>
    public async Task<IngestResult> ReportErrorAsync(string instanceId, string nodeId, LogKind kind, string? error, string? collectorId,
        CancellationToken ct)
    {
        if (await SourceNodeAsync(instanceId, nodeId, kind, ct) is null)
        {
            return new IngestResult(IngestOutcome.UnknownSource, 0);
        }

        var source = await sources.GetOrCreateSourceAsync(instanceId, nodeId, kind, ct);
        if (await leases.RefusalAsync(source.Id, $"{nodeId}/{kind.Name()}", collectorId, take: false, ct) is { } refusal)
        {
            return new IngestResult(IngestOutcome.OwnedByAnotherCollector, 0, refusal);
        }

        await sources.SetLastErrorAsync(source.Id, error, clock.GetUtcNow(), ct);
        return new IngestResult(IngestOutcome.Stored, 0);
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
