using System.Threading.Channels;
using DbLogs.Collection.Agent.Metrics;
using DbLogs.Collection.Shipping;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;

namespace DbLogs.Collection.Agent;

/// <summary>
/// Collects one source: a reader fills a bounded queue with chunks (and gap reports) while a sender ships them
/// and acknowledges what the service confirmed. When the service is down or slow the queue fills and the
/// reader waits, so memory stays bounded by <c>(QueueDepth + InFlight + 1) × batch size</c> (queued, being sent, waiting
/// for room) and their compressed forms. On stop, the send already in flight may finish for up to
/// <see cref="StopGrace"/>, so a batch the service stored is also acknowledged and the saved checkpoint is not left behind.
/// </summary>
/// <param name="persistCheckpoint">Saves every collector's checkpoint now (false when that failed). Called before the first chunk of a file the
/// saved checkpoint does not know is shipped: file ids are random, so a restart that found such a file again under a
/// new id would store it a second time.</param>
public sealed class SourceCollector(SourceTailer tailer, IBatchSink sink, ICollectorEvents events, int batchBytes, Func<bool> persistCheckpoint)
{
    public const int QueueDepth = 1;

    /// <summary>How many chunks are sent before the first of them is answered.</summary>
    public const int InFlight = 2;
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private int _generation;

    // The sender's own state (one sender per source).
    private readonly Backoff _backoff = new();
    private string? _storedFile; // the file the service last confirmed bytes of
    private string? _lastSendError;

    // The reader's own state.
    private readonly SourcePresence _presence = new();

    /// <summary>What the agent's metrics show of this source.</summary>
    public CollectorStats Stats { get; } = new();

    /// <summary>Bytes the service has confirmed since start (a progress counter for the host).</summary>
    public long ShippedBytes => Stats.ShippedBytes;

    public SourceSpec Source => tailer.Spec;

    /// <summary>The acknowledged state, safe to save at any moment.</summary>
    public SourceCheckpoint Checkpoint
    {
        get
        {
            lock (_gate)
            {
                return tailer.Checkpoint;
            }
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(QueueDepth) { SingleReader = true, SingleWriter = true });
        using var abandon = new CancellationTokenSource();
        await using var graceOnStop = ct.Register(() => abandon.CancelAfter(StopGrace));
        var reading = ReadAsync(queue.Writer, ct);
        var sending = SendAsync(queue.Reader, new Stopping(ct, abandon.Token));
        try
        {
            await Task.WhenAll(reading, sending);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task ReadAsync(ChannelWriter<Work> queue, CancellationToken ct)
    {
        var persisted = Checkpoint.Files.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                FileChunk? chunk;
                IReadOnlyList<SourceGap> gaps;
                int generation;
                lock (_gate)
                {
                    chunk = tailer.ReadNext(batchBytes);
                    gaps = tailer.TakeGaps();
                    generation = _generation;
                }

                foreach (var gap in gaps)
                {
                    events.GapDetected(tailer.Spec, gap);
                    Stats.Gap(gap.Bytes);
                    await queue.WriteAsync(new Work(null, gap, generation), ct);
                }

                if (chunk is null)
                {
                    await ReportPresenceAsync(ct);
                    await Task.Delay(PollInterval, ct);
                    continue;
                }

                if (!persisted.Contains(chunk.FileId))
                {
                    while (!persistCheckpoint())
                    {
                        await Task.Delay(PollInterval, ct);
                    }

                    persisted.Add(chunk.FileId);
                }

                Stats.Read(chunk.FileId, chunk.FileSize);
                sink.Prepare(chunk);
                await queue.WriteAsync(new Work(chunk, null, generation), ct);
            }
        }
        finally
        {
            queue.TryComplete();
        }
    }

    private async Task SendAsync(ChannelReader<Work> queue, Stopping stop)
    {
        // Up to InFlight chunks of one file are sent at once, so the service reads the next one while it writes and
        // fsyncs the one before; their answers are applied in order (the service stores them in order too).
        var sending = new Queue<Sending>(InFlight);
        try
        {
            while (!stop.Requested.IsCancellationRequested)
            {
                if (!queue.TryRead(out var work))
                {
                    await FinishAsync(sending, stop); // nothing to overlap with: acknowledge what was sent before waiting
                    if (!await queue.WaitToReadAsync(stop.Requested))
                    {
                        return;
                    }

                    continue;
                }

                if (!Overlaps(work, sending))
                {
                    await FinishAsync(sending, stop);
                }

                sending.Enqueue(Start(work, stop));
                if (sending.Count == InFlight)
                {
                    await ShipAsync(sending.Dequeue(), stop);
                }
            }
        }
        finally
        {
            await AcknowledgeSentAsync(sending);
        }
    }

    /// <summary>
    /// Whether the work may be sent while <paramref name="sending"/> is: a chunk read since the last rewind, of the same file,
    /// which the service already holds part of. The service takes a file's first batch at whatever offset it starts, so a
    /// file's second chunk must never reach it before its first.
    /// </summary>
    private bool Overlaps(Work work, Queue<Sending> sending) =>
        work.Chunk is { } chunk && work.Generation == Volatile.Read(ref _generation) && chunk.FileId == _storedFile
        && sending.All(s => s.Work.Chunk?.FileId == chunk.FileId && s.Work.Generation == work.Generation);

    /// <summary>Sends a chunk at once when it may overlap the sends before it (the caller finished them otherwise).</summary>
    private Sending Start(Work work, Stopping stop) =>
        work.Chunk is { } chunk && work.Generation == Volatile.Read(ref _generation)
            ? new Sending(work, sink.SendAsync(tailer.Spec, chunk, stop.Abandoned))
            : new Sending(work, null);

    private async Task FinishAsync(Queue<Sending> sending, Stopping stop)
    {
        while (sending.TryDequeue(out var next))
        {
            await ShipAsync(next, stop);
        }
    }

    /// <summary>
    /// Stopping: the sends already made may finish (they run until <see cref="StopGrace"/>), and what the service stored is
    /// acknowledged (a stored offset covers the file up to it, whichever answer says so). A chunk's buffer goes back to its pool
    /// only once its send is over.
    /// </summary>
    private async Task AcknowledgeSentAsync(Queue<Sending> sending)
    {
        while (sending.TryDequeue(out var next))
        {
            await next.SettledAsync();
            if (next.Sent is { IsCompletedSuccessfully: true } sent && sent.Result.Accepted && next.Work.Generation == Volatile.Read(ref _generation))
            {
                Apply(next.Work.Chunk!, sent.Result);
            }

            next.Work.Chunk?.ReturnToPool();
        }
    }

    /// <summary>Ships one item: a chunk already sent has its answer applied (or is sent again after a failure).</summary>
    private async Task ShipAsync(Sending sending, Stopping stop)
    {
        var (work, sent) = sending;
        if (work.Chunk is not null && work.Generation != Volatile.Read(ref _generation))
        {
            await sending.SettledAsync();
            work.Chunk.ReturnToPool();
            return; // read before a rewind: the reader reads those bytes again
        }

        while (true)
        {
            try
            {
                if (work.Gap is not null)
                {
                    await sink.ReportGapAsync(tailer.Spec, work.Gap, stop.Abandoned);
                }
                else
                {
                    var answer = sent ?? sink.SendAsync(tailer.Spec, work.Chunk!, stop.Abandoned);
                    sent = null;
                    Apply(work.Chunk!, await answer);
                }

                if (_lastSendError is { } error)
                {
                    events.SendRecovered(tailer.Spec);
                    await ReportErrorAsync(error, stop.Abandoned);
                    _lastSendError = null;
                }

                _backoff.Reset();
                Stats.Healthy(true);
                work.Chunk?.ReturnToPool();
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IngestException or IOException or TaskCanceledException)
            {
                // Stopping: no retry; the chunk stays unacknowledged and is sent again after the restart.
                if (stop.Requested.IsCancellationRequested)
                {
                    work.Chunk?.ReturnToPool();
                    throw new OperationCanceledException(stop.Requested);
                }

                _lastSendError = $"{DateTimeOffset.UtcNow:O} {ex.GetType().Name}: {ex.Message}";
                var delay = _backoff.Next();
                Stats.SendFailed();
                events.SendFailed(tailer.Spec, ex, delay);
                await Task.Delay(delay, stop.Requested);
            }
        }
    }

    /// <summary>Tells the service (and the log) when the configured file has gone missing or is back.</summary>
    private async Task ReportPresenceAsync(CancellationToken ct)
    {
        var exists = File.Exists(tailer.Spec.Path);
        if (!_presence.TryGetChange(exists, DateTimeOffset.UtcNow, out var error))
        {
            return;
        }

        if (error is not null)
        {
            events.FileMissing(tailer.Spec, _presence.AbsentSince!.Value);
        }

        Stats.Healthy(error is null);

        // Not reported: the next idle poll tries again.
        if (await ReportErrorAsync(error, ct))
        {
            _presence.Reported(missing: error is not null);
        }
    }

    /// <summary>Sets (or with null clears) the source's error in the operator view; false when the service could not be told.</summary>
    private async Task<bool> ReportErrorAsync(string? error, CancellationToken ct)
    {
        try
        {
            await sink.ReportErrorAsync(tailer.Spec, error, ct);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or IngestException or IOException or TaskCanceledException)
        {
            // The operator view misses this report; shipping goes on.
            return false;
        }
    }

    private void Apply(FileChunk chunk, BatchResult result)
    {
        lock (_gate)
        {
            if (result.Accepted)
            {
                _storedFile = chunk.FileId;
                tailer.Acknowledge(chunk.FileId, result.StoredOffset);
                Stats.Shipped(chunk.FileId, result.StoredOffset, chunk.Data.Length, DateTimeOffset.UtcNow);
                return;
            }

            tailer.Rewind(chunk.FileId, result.StoredOffset);
            _generation++;
            _storedFile = null; // the next chunk goes alone: what the service holds is known again from its answer
        }

        events.Rewound(tailer.Spec, chunk.FileId, result.StoredOffset);
    }

    /// <param name="Requested">Stop taking new work.</param>
    /// <param name="Abandoned">Give up on the work in flight too (<see cref="StopGrace"/> after <paramref name="Requested"/>).</param>
    private readonly record struct Stopping(CancellationToken Requested, CancellationToken Abandoned);

    private sealed record Work(FileChunk? Chunk, SourceGap? Gap, int Generation);

    /// <summary>An item to ship and, for a chunk sent ahead of the answers before it, its send.</summary>
    private readonly record struct Sending(Work Work, Task<BatchResult>? Sent)
    {
        /// <summary>Waits until the send, if any, is over, whatever its outcome.</summary>
        public async Task SettledAsync()
        {
            if (Sent is not null)
            {
                await ((Task)Sent).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
