using System.Collections.Concurrent;
using System.Diagnostics;
using DbLogs.Core.Logs;
using DbLogs.Core.Time;
using DbLogs.Processing.Streams;
using DbLogs.Server.Hosting;
using DbLogs.Server.Metrics;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Server.Ingest;

/// <summary>
/// Appends collected bytes to a source's stream idempotently: bytes the service already holds for a file are
/// skipped, so a resent batch never duplicates. Bytes are stored (flushed to disk, or a blob created) before the metadata that
/// makes them visible is committed; a crash in between leaves bytes no commit names, which start-up cuts off.
/// </summary>
public sealed class IngestService(
    ISourceStore sources,
    IRegistryStore registry,
    IStreamStore segments,
    StreamFollowers followers,
    Tail.TailSignals tails,
    AppendFailures failures,
    StorageCondition storage,
    CollectorLeases leases,
    ServiceMetrics metrics,
    TimeProvider clock)
{
    // A conflict means another node moved the stream; a batch meets one only while nodes race for the same source.
    private const int MaxConflictAttempts = 3;

    private readonly ConcurrentDictionary<long, SemaphoreSlim> _locks = new();
    private readonly ConcurrentDictionary<long, IRecordClassifier> _classifiers = new();
    private readonly BatchTurns _turns = new();

    // Saves the re-read of each batch under the lock: what a batch committed is what the next one would read (a failed batch
    // leaves nothing, and the next one reads afresh; so does one whose commit another service node's append beat). Keyed by source id, which a
    // deleted and re-created instance never reuses, so the id itself is read from the store on every batch.
    private readonly ConcurrentDictionary<long, Committed> _committed = new();

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

        var sourceId = (await sources.GetOrCreateSourceAsync(batch.InstanceId, batch.NodeId, batch.Kind, ct)).Id;
        if (await leases.RefusalAsync(sourceId, $"{batch.NodeId}/{batch.Kind.Name()}", batch.CollectorId, take: true, ct) is { } refusal)
        {
            return new IngestResult(IngestOutcome.OwnedByAnotherCollector, 0, refusal);
        }

        await _turns.WaitAsync(sourceId, () => AheadOfLastCommit(sourceId, batch), ct);
        var gate = _locks.GetOrAdd(sourceId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await StoreLockedAsync(batch, node, sourceId, ct);
                }
                catch (AppendConflictException) when (attempt < MaxConflictAttempts)
                {
                    // Another service node committed to this stream first (maybe this very batch): read afresh and skip what it stored.
                }
            }
        }
        finally
        {
            gate.Release();
            _turns.Ended(sourceId);
        }
    }

    /// <summary>Whether the batch starts past the end the source's last commit gave its file (the batch before it is still on its way).</summary>
    private bool AheadOfLastCommit(long sourceId, IngestBatch batch) =>
        _committed.TryGetValue(sourceId, out var last) && last.File is { } file && file.FileId == batch.FileId && batch.Offset > file.StoredEnd;

    private async Task<IngestResult> StoreLockedAsync(IngestBatch batch, Node node, long sourceId, CancellationToken ct)
    {
        // What the last batch of this source committed, else read afresh (another batch may have committed meanwhile).
        var cached = _committed.TryGetValue(sourceId, out var known) && known.File?.FileId == batch.FileId;
        if (!cached)
        {
            known = await ReadCommittedAsync(batch, sourceId, ct);
        }

        var (stream, file) = known!;
        var storedEnd = file?.StoredEnd ?? batch.Offset;
        if (batch.Offset > storedEnd && cached)
        {
            // Another service node may have stored the bytes in between (the agent sent the last batch to it).
            (stream, file) = await ReadCommittedAsync(batch, sourceId, ct);
            storedEnd = file?.StoredEnd ?? batch.Offset;
        }

        if (batch.Offset > storedEnd)
        {
            return new IngestResult(IngestOutcome.AheadOfStored, storedEnd);
        }

        var skip = storedEnd - batch.Offset;
        if (skip >= batch.Data.Length && file is not null)
        {
            return new IngestResult(IngestOutcome.Stored, storedEnd);
        }

        _committed.TryRemove(sourceId, out _); // until this batch has committed: after a failure the next one reads afresh

        var fresh = batch.Data[(int)skip..];
        var appendStart = Stopwatch.GetTimestamp();
        var (piece, first, last) = await AppendAndScanAsync(stream, node, batch.Kind, fresh, ct);
        var newEnd = storedEnd + fresh.Length;
        var now = clock.GetUtcNow();
        var chunk = new SourceChunk(stream.Length, stream.Length + fresh.Length, first, last);
        if (Stopwatch.GetElapsedTime(appendStart) > BlobStreamStore.CommitDeadline)
        {
            // Its blob may be collected as never committed by now: the resend stores it afresh.
            throw new IOException($"Storing a batch of source {sourceId} took over {BlobStreamStore.CommitDeadline.TotalMinutes} minutes; not committed.");
        }

        var commitStart = Stopwatch.GetTimestamp();
        try
        {
            await sources.CommitAppendAsync(new AppendCommit(
                sourceId, batch.FileId, batch.FilePath, file is null, file?.FileStart ?? batch.Offset, newEnd, chunk, batch.FileSize, now, piece), ct);
        }
        catch
        {
            // Not committed (or not known to be): the resend is re-appended over the uncommitted tail and re-scanned afresh.
            _classifiers.TryRemove(sourceId, out _);
            throw;
        }

        ServiceMetrics.ObserveSince(metrics.AppendCommit, commitStart);
        var counters = metrics.For(sourceId, batch.InstanceId, batch.NodeId, batch.Kind);
        counters.Bytes.Inc(fresh.Length);
        counters.Batches.Inc();
        _committed[sourceId] = new Committed(stream with { Length = chunk.StreamEnd, LastTime = last ?? stream.LastTime },
            file is null
                ? new SourceFileRecord(sourceId, batch.FileId, batch.FilePath, stream.Length, batch.Offset, newEnd, now)
                : file with { Path = batch.FilePath, StoredEnd = newEnd });
        storage.Written();
        followers.Notify(sourceId);
        tails.Appended(sourceId, chunk.StreamEnd);
        return new IngestResult(IngestOutcome.Stored, newEnd);
    }

    private async Task<Committed> ReadCommittedAsync(IngestBatch batch, long sourceId, CancellationToken ct)
    {
        var source = await sources.GetOrCreateSourceAsync(batch.InstanceId, batch.NodeId, batch.Kind, ct);
        return _committed[sourceId] = new Committed(source, await sources.GetFileAsync(sourceId, batch.FileId, ct));
    }

    /// <summary>
    /// Writes the bytes to disk while another thread reads their record times: the scan is CPU work and the write mostly
    /// waits for the disk, so on their own they would add up per batch. Both finish before the caller commits.
    /// </summary>
    private async Task<(string? Piece, DateTimeOffset? First, DateTimeOffset? Last)> AppendAndScanAsync(SourceRecord source, Node node,
        LogKind kind, ReadOnlyMemory<byte> fresh, CancellationToken ct)
    {
        var classifier = _classifiers.GetOrAdd(source.Id, _ => RecordClassifiers.Create(kind, TimeZones.FindOrUtc(node.TimeZone)));
        var scan = Task.Run(() => ChunkTimes.Scan(fresh.Span, classifier, source.LastTime));
        string? piece;
        try
        {
            var writeStart = Stopwatch.GetTimestamp();
            piece = await segments.AppendAsync(source.Id, source.Length, fresh, ct);
            ServiceMetrics.ObserveSince(metrics.SegmentWrite, writeStart);
        }
        catch
        {
            // The classifier has read lines that were not stored (a stateful one would carry them into the resend): start afresh.
            _classifiers.TryRemove(source.Id, out _);
            throw;
        }
        finally
        {
            await scan; // the batch's buffer goes back to the pool when the request ends
        }

        var (first, last) = await scan;
        return (piece, first, last);
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
            await segments.RecoverAsync(source.Id, source.Length, ct);
        }
    }

    /// <summary>The instance's node, when it has one of that id whose engine has logs of that kind.</summary>
    private async Task<Node?> SourceNodeAsync(string instanceId, string nodeId, LogKind kind, CancellationToken ct)
    {
        var node = (await registry.ListNodesAsync(instanceId, ct)).FirstOrDefault(n => n.Id == nodeId);
        return node is not null && LogKinds.TryFromBootstrapKey(kind.BootstrapKey(), node.Shard is not null, out _) ? node : null;
    }

    /// <summary>A source and the file its last batch was of, as committed.</summary>
    private sealed record Committed(SourceRecord Source, SourceFileRecord? File);
}
