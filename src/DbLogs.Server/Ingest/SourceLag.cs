using DbLogs.Storage.Sources;

namespace DbLogs.Server.Ingest;

/// <summary>
/// How far a source's stored bytes are behind its file, as the admin view of sources and the metrics both show it.
/// An append failing now (e.g. on a full disk) reports a file size the store could not record; it counts over the stored one.
/// </summary>
/// <param name="Current">The file the last batch was of; null before the first batch.</param>
/// <param name="FileSize">The size the collector last reported for that file.</param>
public sealed record SourceLag(SourceFileRecord? Current, long? FileSize, long Bytes, double Seconds, AppendFailure? Failure)
{
    public static async Task<SourceLag> ReadAsync(ISourceStore sources, SourceRecord source, AppendFailures failures, DateTimeOffset now,
        CancellationToken ct)
    {
        var files = await sources.ListFilesAsync(source.Id, ct);
        var current = files.Count > 0 ? files[^1] : null;
        var failure = failures.For(source.InstanceId, source.NodeId, source.Kind);
        var fileSize = failure?.FileSize is { } reported && reported > (source.LastFileSize ?? 0) ? reported : source.LastFileSize;
        var lag = current is not null && fileSize is { } size && size > current.StoredEnd ? size - current.StoredEnd : 0;
        var seconds = lag > 0 && source.LastBatchAt is { } at ? (now - at).TotalSeconds : 0;
        return new SourceLag(current, fileSize, lag, seconds, failure);
    }
}
