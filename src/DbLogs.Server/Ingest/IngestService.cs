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

    // Keyed by source id, which a deleted and re-created instance never reuses, so the id itself is read from the store on every batch.
    private readonly ConcurrentDictionary<long, SourceAppends> _appends = new();
    private readonly ConcurrentDictionary<long, IRecordClassifier> _classifiers = new();
    private readonly BatchTurns _turns = new();

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

        await _turns.WaitAsync(sourceId, () => AheadOfLastWrite(sourceId, batch), ct);
        var appends = _appends.GetOrAdd(sourceId, _ => new SourceAppends());
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StoreInTurnAsync(batch, node, sourceId, appends, ct);
            }
            catch (Exception e) when (e is AppendConflictException or EarlierBatchNotStoredException && attempt < MaxConflictAttempts)
            {
                // Another service node committed to this stream first (maybe this very batch), or the batch written before this one
                // failed: read afresh and skip what is stored.
            }
        }
    }

    /// <summary>Whether the batch starts past the end the source's last written batch gave its file (the batch before it is still on its way).</summary>
    private bool AheadOfLastWrite(long sourceId, IngestBatch batch) =>
        _appends.TryGetValue(sourceId, out var appends) && appends.End?.File is { } file && file.FileId == batch.FileId && batch.Offset > file.StoredEnd;

    private async Task<IngestResult> StoreInTurnAsync(IngestBatch batch, Node node, long sourceId, SourceAppends appends, CancellationToken ct)
    {
        WrittenBatch written;
        await appends.Gate.WaitAsync(ct);
        try
        {
            var outcome = await WriteLockedAsync(batch, node, sourceId, appends, ct);
            if (outcome.Answer is { } answer)
            {
                return answer;
            }

            written = outcome.Written!;
        }
        finally
        {
            appends.Gate.Release();
            _turns.Ended(sourceId);
        }

        return await CommitInTurnAsync(batch, sourceId, appends, written, ct);
    }

    /// <summary>
    /// Under the source's gate: writes the batch's new bytes where the last batch written ends (not yet durable) and reads their times;
    /// answers without writing when the batch is ahead of the stored bytes or holds none that are new.
    /// </summary>
    private async Task<(IngestResult? Answer, WrittenBatch? Written)> WriteLockedAsync(IngestBatch batch, Node node, long sourceId,
        SourceAppends appends, CancellationToken ct)
    {
        // Where the last batch of this source left it, else read afresh (another batch may have committed meanwhile).
        var end = appends.End is { } last && last.File?.FileId == batch.FileId ? last : null;
        var known = end is not null;
        end ??= await ReadStoredAsync(batch, sourceId, appends, ct);
        var storedEnd = end.File?.StoredEnd ?? batch.Offset;
        if (known && (batch.Offset > storedEnd || storedEnd - batch.Offset >= batch.Data.Length))
        {
            // Ahead: another service node may have stored the bytes in between (the agent sent the last batch to it). Nothing new (a
            // resend): answered only once what holds its bytes has committed.
            end = await ReadStoredAsync(batch, sourceId, appends, ct);
            storedEnd = end.File?.StoredEnd ?? batch.Offset;
        }

        if (batch.Offset > storedEnd)
        {
            return (new IngestResult(IngestOutcome.AheadOfStored, storedEnd), null);
        }

        var skip = storedEnd - batch.Offset;
        if (skip >= batch.Data.Length && end.File is not null)
        {
            return (new IngestResult(IngestOutcome.Stored, storedEnd), null);
        }

        var (stream, file) = end;
        var fresh = batch.Data[(int)skip..];
        var newEnd = storedEnd + fresh.Length;
        var streamEnd = stream.Length + fresh.Length;
        var now = clock.GetUtcNow();
        var turn = appends.Enter();
        try
        {
            // Where this batch leaves the stream, before it is written: a batch that follows it may wait its turn from now on.
            var after = new StreamEnd(stream with { Length = streamEnd },
                file is null
                    ? new SourceFileRecord(sourceId, batch.FileId, batch.FilePath, stream.Length, batch.Offset, newEnd, now)
                    : file with { Path = batch.FilePath, StoredEnd = newEnd });
            appends.End = after;
            var started = Stopwatch.GetTimestamp();
            var (pending, first, lastTime) = await WriteAndScanAsync(stream, node, batch.Kind, fresh, ct);
            var chunk = new SourceChunk(stream.Length, streamEnd, first, lastTime);
            var commit = new AppendCommit(sourceId, batch.FileId, batch.FilePath, file is null, file?.FileStart ?? batch.Offset, newEnd, chunk,
                batch.FileSize, now, pending.Piece);
            // Unless a batch before it failed meanwhile (which cleared it): this one will fail too.
            appends.ReplaceEnd(after, after with { Source = after.Source with { LastTime = lastTime ?? stream.LastTime } });
            return (null, new WrittenBatch(turn, pending, commit, fresh.Length, started));
        }
        catch
        {
            appends.End = null; // the next batch reads afresh
            _ = turn.FailedAsync();
            throw;
        }
    }

    /// <summary>
    /// Out of the gate: makes the batch's bytes durable (the next batch writes meanwhile), then commits them once the batch before has
    /// committed. A failure fails the batches written after this one too; the next batch then reads the store afresh.
    /// </summary>
    private async Task<IngestResult> CommitInTurnAsync(IngestBatch batch, long sourceId, SourceAppends appends, WrittenBatch written,
        CancellationToken ct)
    {
        var commit = written.Commit;
        try
        {
            using (written.Pending)
            {
                written.Pending.Sync();
            }

            ServiceMetrics.ObserveSince(metrics.SegmentWrite, written.Started);
            if (!await written.Turn.Previous)
            {
                throw new EarlierBatchNotStoredException(sourceId);
            }

            if (Stopwatch.GetElapsedTime(written.Started) > BlobStreamStore.CommitDeadline)
            {
                // Its blob may be collected as never committed by now: the resend stores it afresh.
                throw new IOException($"Storing a batch of source {sourceId} took over {BlobStreamStore.CommitDeadline.TotalMinutes} minutes; not committed.");
            }

            var commitStart = Stopwatch.GetTimestamp();
            await sources.CommitAppendAsync(commit, ct);
            ServiceMetrics.ObserveSince(metrics.AppendCommit, commitStart);
        }
        catch
        {
            // Not committed (or not known to be): the resend is re-appended over the uncommitted tail and re-scanned afresh.
            appends.End = null;
            _classifiers.TryRemove(sourceId, out _);
            await written.Turn.FailedAsync();
            _turns.Ended(sourceId);
            throw;
        }

        written.Turn.Committed();
        var counters = metrics.For(sourceId, batch.InstanceId, batch.NodeId, batch.Kind);
        counters.Bytes.Inc(written.Bytes);
        counters.Batches.Inc();
        storage.Written();
        followers.Notify(sourceId);
        tails.Appended(sourceId, commit.Chunk.StreamEnd);
        return new IngestResult(IngestOutcome.Stored, commit.StoredEnd);
    }

    /// <summary>Under the gate: once every batch in flight has settled, what the store holds for the source and the batch's file.</summary>
    private async Task<StreamEnd> ReadStoredAsync(IngestBatch batch, long sourceId, SourceAppends appends, CancellationToken ct)
    {
        await appends.SettleAsync();
        var source = await sources.GetOrCreateSourceAsync(batch.InstanceId, batch.NodeId, batch.Kind, ct);
        return appends.End = new StreamEnd(source, await sources.GetFileAsync(sourceId, batch.FileId, ct));
    }

    /// <summary>
    /// Writes the bytes while another thread reads their record times: the scan is CPU work and the write mostly copies, so on
    /// their own they would add up per batch. Both finish before the caller commits.
    /// </summary>
    private async Task<(PendingAppend Pending, DateTimeOffset? First, DateTimeOffset? Last)> WriteAndScanAsync(SourceRecord source, Node node,
        LogKind kind, ReadOnlyMemory<byte> fresh, CancellationToken ct)
    {
        var classifier = _classifiers.GetOrAdd(source.Id, _ => RecordClassifiers.Create(kind, TimeZones.FindOrUtc(node.TimeZone)));
        var scan = Task.Run(() => ChunkTimes.Scan(fresh.Span, classifier, source.LastTime));
        PendingAppend? pending = null;
        try
        {
            pending = await segments.WriteAsync(source.Id, source.Length, fresh, ct);
            var (first, last) = await scan;
            return (pending, first, last);
        }
        catch
        {
            // The classifier has read lines that were not stored (a stateful one would carry them into the resend): start afresh.
            _classifiers.TryRemove(source.Id, out _);
            pending?.Dispose();
            throw;
        }
        finally
        {
            await ((Task)scan).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // the batch's buffer goes back to the pool when the request ends
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
            await segments.RecoverAsync(source.Id, source.Length, ct);
        }
    }

    /// <summary>The instance's node, when it has one of that id whose engine has logs of that kind.</summary>
    private async Task<Node?> SourceNodeAsync(string instanceId, string nodeId, LogKind kind, CancellationToken ct)
    {
        var node = (await registry.ListNodesAsync(instanceId, ct)).FirstOrDefault(n => n.Id == nodeId);
        return node is not null && LogKinds.TryFromBootstrapKey(kind.BootstrapKey(), node.Shard is not null, out _) ? node : null;
    }

    /// <summary>A batch whose bytes are written, waiting to be made durable and committed in its turn.</summary>
    private sealed record WrittenBatch(AppendTurn Turn, PendingAppend Pending, AppendCommit Commit, int Bytes, long Started);
}
