using System.Collections.Concurrent;
using System.Threading.Channels;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Processing.Streams;

/// <summary>
/// Compresses sealed segments in the background, one at a time: at start-up every stream directory (which also
/// migrates the raw segments of an older data directory, after clearing what an interrupted compaction left), then
/// a source whenever <see cref="Notify"/> says it grew. Compression runs on a <see cref="LowPriorityWorker"/>: ingest
/// and requests come first, and sealed segments stay raw (readable) until the machine has CPU to spare. Of the nodes
/// sharing a store, the one that follows a source (holds its followers' lease) compresses its segments: a follower
/// (<see cref="SegmentCompactionTrigger"/>) wakes the compactor, so only that node hears of the stream's growth, and a
/// lease of its own, held and renewed by another node, would leave the stream uncompressed.
/// </summary>
public sealed partial class SegmentCompactor(SegmentStore segments, ISourceStore sources, IWorkLeases leases, ILogger<SegmentCompactor> log)
    : BackgroundService
{
    private readonly LowPriorityWorker _worker = new("segment compaction");
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, byte> _queued = new();
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>Asks for the source's sealed segments to be compressed soon; repeated requests are coalesced.</summary>
    public void Notify(long sourceId)
    {
        if (_queued.TryAdd(sourceId, 0))
        {
            _queue.Writer.TryWrite(sourceId);
        }
    }

    /// <summary>Clears leftovers and compresses every sealed segment of every stream now (start-up, tests).</summary>
    public async Task CompactAllAsync(CancellationToken ct)
    {
        foreach (var sourceId in segments.SourceIds())
        {
            var source = await sources.GetSourceAsync(sourceId, ct);
            if (source is null)
            {
                await RemoveLeftoversAsync(sourceId, ct);
                continue; // no committed length to go by: a stream the store does not know stays as it is
            }

            await leases.RunIfHeldAsync(WorkLeaseNames.Followers(source), async held =>
            {
                await RemoveLeftoversAsync(sourceId, held);
                await CompactHeldAsync(source, held);
            }, ct);
        }
    }

    /// <summary>Compresses the source's sealed segments that hold committed bytes only, if this node holds its lease.</summary>
    public async Task CompactAsync(long sourceId, CancellationToken ct)
    {
        var source = await sources.GetSourceAsync(sourceId, ct);
        if (source is not null)
        {
            await leases.RunIfHeldAsync(WorkLeaseNames.Followers(source), held => CompactHeldAsync(source, held), ct);
        }
    }

    private async Task RemoveLeftoversAsync(long sourceId, CancellationToken ct)
    {
        await _running.WaitAsync(ct);
        try
        {
            segments.RemoveCompactionLeftovers(sourceId);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task CompactHeldAsync(SourceRecord source, CancellationToken ct)
    {
        var sourceId = source.Id;
        var more = true;
        while (more && !ct.IsCancellationRequested)
        {
            await _running.WaitAsync(ct);
            try
            {
                more = await _worker.RunAsync(() => segments.CompactOne(sourceId, source.Length));
            }
            finally
            {
                _running.Release();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield(); // start-up goes on while the first sweep runs
            await RunOnceAsync(CompactAllAsync, stoppingToken);
            await foreach (var sourceId in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                _queued.TryRemove(sourceId, out _);
                await RunOnceAsync(ct => CompactAsync(sourceId, ct), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _worker.Dispose();
        base.Dispose();
    }

    private async Task RunOnceAsync(Func<CancellationToken, Task> work, CancellationToken ct)
    {
        try
        {
            await work(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogFailed(log, e); // the raw segments stay readable; the next append or restart tries again
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Compressing sealed segments failed; they stay raw until the next try")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
