using DbLogs.Storage.Blobs;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Processing.Streams;

/// <summary>
/// Deletes the stream pieces no commit names (a node killed between storing a batch and committing it, the loser of two nodes
/// given one batch, a deleted instance's pieces) once older than <see cref="BlobStreamStore.UncommittedGrace"/>. One node at a
/// time sweeps (the <c>sweep:stream-pieces</c> lease).
/// </summary>
public sealed partial class UncommittedPieceSweeper(
    IBlobStore blobs,
    ISourceStore sources,
    TimeProvider clock,
    ILogger<UncommittedPieceSweeper> log,
    IWorkLeases? leases = null) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>Deletes what is due now; returns how many objects went.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - BlobStreamStore.UncommittedGrace;
        var deleted = 0;
        (long Source, HashSet<string> Keys)? committed = null;
        await foreach (var entry in blobs.ListAsync(BlobStreamStore.Prefix, ct))
        {
            if (!BlobStreamStore.TryParseKey(entry.Key, out var sourceId, out var created) || created > cutoff)
            {
                continue;
            }

            // Listed in key order, so each source's objects come together: its committed pieces are read once.
            if (committed?.Source != sourceId)
            {
                committed = (sourceId, [.. (await sources.ListPiecesAsync(sourceId, 0, long.MaxValue, ct)).Select(p => p.BlobKey)]);
            }

            if (!committed.Value.Keys.Contains(entry.Key))
            {
                await blobs.DeleteAsync(entry.Key, ct);
                deleted++;
            }
        }

        return deleted;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(leases, WorkLeaseNames.Sweep("stream-pieces"), Interval, runAtStart: false, SweepAsync, e => LogSweepFailed(log, e),
            stoppingToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting uncommitted stream pieces failed; retrying at the next sweep")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
