using DbLogs.Core.Logs;

namespace DbLogs.Core.Ingest;

// The JSON bodies of the ingest routes, snake_case on the wire; the agent and the service both use these.

/// <summary>The answer to a batch: the service holds the file up to <see cref="StoredOffset"/> (also in a 409's body).</summary>
public sealed record BatchResponse(string? FileId, long StoredOffset);

/// <summary><see cref="IngestRoutes.Gaps"/>: a <see cref="SourceGap"/> of the source (<see cref="Node"/>, <see cref="Kind"/>), flat.</summary>
public sealed record GapReport(string Node, string Kind, string FilePath, long Bytes, DateTimeOffset DetectedAt, string Reason)
{
    public static GapReport For(string node, LogKind kind, SourceGap gap)
    {
        ArgumentNullException.ThrowIfNull(gap);
        return new GapReport(node, kind.Name(), gap.FilePath, gap.Bytes, gap.DetectedAt, gap.Reason);
    }

    /// <param name="defaultReason">For a report that gave none.</param>
    public SourceGap ToGap(string defaultReason) => new(DetectedAt, FilePath, Bytes, Reason ?? defaultReason);
}

/// <summary><see cref="IngestRoutes.Status"/>: what the operator view shows as a source's last error, or null once it works again.</summary>
public sealed record SourceStatusReport(string Node, string Kind, string? LastError);

/// <summary><see cref="IngestRoutes.RedisSlowlogStatus"/>: a slowlog poller's last error, or null once it works again.</summary>
public sealed record SlowlogStatusReport(string Node, string? LastError);

/// <summary>The answer to a slowlog batch: how many of its entries were new.</summary>
public sealed record SlowlogBatchResponse(int Stored);

/// <summary>
/// <see cref="IngestRoutes.AuditPolicyReports"/>: whether a node now has policy <see cref="Version"/> (0: no change was
/// applied) and what its audit plugin does (<see cref="AuditLogging"/>, <see cref="AuditEvents"/>, or <see cref="ObserveError"/>).
/// </summary>
public sealed record AuditPolicyReport(string NodeId, long Version, bool Applied, string? Reason, string? AuditLogging = null,
    string? AuditEvents = null, string? ObserveError = null);
