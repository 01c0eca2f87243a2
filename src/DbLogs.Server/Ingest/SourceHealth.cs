using DbLogs.Core.Logs;
using DbLogs.Storage.Sources;

namespace DbLogs.Server.Ingest;

public sealed record GapView(DateTimeOffset DetectedAt, string FilePath, long Bytes, string Reason);

public sealed record SourceView(
    string InstanceId,
    string NodeId,
    string Kind,
    string? File,
    long StoredBytes,
    long? FileOffset,
    long? FileSize,
    long LagBytes,
    double LagSeconds,
    DateTimeOffset? LastBatchAt,
    DateTimeOffset? LastRecordTime,
    string? LastError,
    IReadOnlyList<GapView> Gaps);

/// <summary>How each collected source is doing (lag, last error, gaps): the admin view of sources and the web console's instances page.</summary>
public sealed class SourceHealth(ISourceStore sources, AppendFailures failures, TimeProvider clock)
{
    /// <summary>Every source, or one instance's.</summary>
    public async Task<IReadOnlyList<SourceView>> ListAsync(string? instanceId, CancellationToken ct)
    {
        var views = new List<SourceView>();
        foreach (var source in await sources.ListSourcesAsync(instanceId, ct))
        {
            var lag = await SourceLag.ReadAsync(sources, source, failures, clock.GetUtcNow(), ct);
            var gaps = (await sources.ListGapsAsync(source.Id, ct)).Select(g => new GapView(g.DetectedAt, g.FilePath, g.Bytes, g.Reason)).ToList();
            views.Add(new SourceView(source.InstanceId, source.NodeId, source.Kind.Name(), lag.Current?.Path, source.Length, lag.Current?.StoredEnd,
                lag.FileSize, lag.Bytes, Math.Round(lag.Seconds, 1), source.LastBatchAt, source.LastTime, lag.Failure?.Error ?? source.LastError, gaps));
        }

        return views;
    }
}
