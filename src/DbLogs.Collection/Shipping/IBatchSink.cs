using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;

namespace DbLogs.Collection.Shipping;

/// <summary>
/// Where collected bytes go: the service over HTTP (agent), or the ingest service in-process (embedded
/// collector). See docs/collection.md for the protocol.
/// </summary>
public interface IBatchSink
{
    /// <summary>
    /// Work on a chunk that need not wait for the chunks before it to be shipped (the HTTP sink compresses it here),
    /// called by the collector's reader as it queues the chunk, so it overlaps the round trip of the one before.
    /// </summary>
    void Prepare(FileChunk chunk)
    {
    }

    /// <summary>Stores the chunk idempotently and says how far the service now holds that file.</summary>
    Task<BatchResult> SendAsync(SourceSpec source, FileChunk chunk, CancellationToken ct);

    Task ReportGapAsync(SourceSpec source, SourceGap gap, CancellationToken ct);

    /// <summary>Tells the operator view what went wrong for this source (a send error once shipping works again), or clears it (null).</summary>
    Task ReportErrorAsync(SourceSpec source, string? error, CancellationToken ct) => Task.CompletedTask;
}

/// <param name="Accepted">False when the chunk started after what the service holds (resend from <paramref name="StoredOffset"/>).</param>
/// <param name="StoredOffset">The file offset up to which the service holds the file's bytes.</param>
public readonly record struct BatchResult(bool Accepted, long StoredOffset);
