using DbLogs.Storage.Nodes;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Processing.Streams;

/// <summary>
/// Compresses sealed segments in the background, one at a time: at start-up every stream directory (which also
/// migrates the raw segments of an older data directory, after clearing what an interrupted compaction left), then
/// a source whenever <see cref="GrownStreams"/> says it grew. Compression runs on a <see cref="LowPriorityWorker"/>: ingest
/// and requests come first, and sealed segments stay raw (readable) until the machine has CPU to spare. Of the nodes
/// sharing a store, the one that follows a source (holds its followers' lease) compresses its segments: a follower
/// (<see cref="SegmentCompactionTrigger"/>) wakes the compactor, so only that node hears of the stream's growth, and a
/// lease of its own, held and renewed by another node, would leave the stream uncompressed.
/// A stream that grows is compressed behind its main-lane followers (<see cref="FollowerProgress"/>): a segment compressed
/// before they read it would be decompressed again to be read, at normal priority, while ingest runs. A
/// follower more than <see cref="FollowerLagSegments"/> segments behind (stuck, or failing) holds compression back no further.
/// </summary>
public sealed partial class SegmentCompactor(
    SegmentStore segments,
    ISourceStore sources,
    IWorkLeases leases,
    GrownStreams grown,
    FollowerProgress followers,
    ILogger<SegmentCompactor> log) : BackgroundService
{
    /// <summary>How many segments behind a stream's end a follower may hold raw (256 MiB with the default segment size).</summary>
    public const int FollowerLagSegments = 16;

    private readonly LowPriorityWorker _worker = new("segment compaction");
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>Clears leftovers and compresses the sealed segments of every stream that its followers have read (start-up, tests).</summary>
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

    /// <summary>
    /// Compresses the source's sealed segments that hold committed bytes its followers have read (or that lie more than
    /// <see cref="FollowerLagSegments"/> segments behind its end), if this node holds its lease.
    /// </summary>
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
        var read = await followers.ReadByAllAsync(source, ct);
        var end = Math.Max(read, source.Length - (FollowerLagSegments * segments.SegmentBytes));
        var more = true;
        while (more && !ct.IsCancellationRequested)
        {
            await _running.WaitAsync(ct);
            try
            {
                more = await _worker.RunAsync(() => segments.CompactOne(sourceId, end));
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
            await foreach (var sourceId in grown.ReadAllAsync(stoppingToken))
            {
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
