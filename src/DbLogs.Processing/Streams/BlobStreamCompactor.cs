using DbLogs.Storage.Nodes;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Processing.Streams;

/// <summary>
/// Compresses the raw pieces of streams kept in a blob store, a segment's worth at a time, on one node (the
/// <c>compact:stream-pieces</c> lease) and on a <see cref="LowPriorityWorker"/>, so ingest and requests come first.
/// </summary>
public sealed partial class BlobStreamCompactor(
    BlobStreamStore streams,
    ISourceStore sources,
    ILogger<BlobStreamCompactor> log,
    IWorkLeases? leases = null) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly LowPriorityWorker _worker = new("blob compaction");

    /// <summary>Compresses every full segment's worth of raw pieces now; returns how many compressed pieces were made.</summary>
    public async Task<int> CompactAllAsync(CancellationToken ct)
    {
        var made = 0;
        foreach (var source in await sources.ListSourcesAsync(null, ct))
        {
            // The worker's thread waits on the store's I/O too: it only ever runs this.
            made += await _worker.RunAsync(() => streams.CompactAsync(source.Id, ct).GetAwaiter().GetResult());
        }

        return made;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(leases, WorkLeaseNames.Compaction("stream-pieces"), Interval, runAtStart: false, CompactAllAsync, e => LogFailed(log, e),
            stoppingToken);

    public override void Dispose()
    {
        _worker.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Compressing stream pieces failed; they stay raw until the next try")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
