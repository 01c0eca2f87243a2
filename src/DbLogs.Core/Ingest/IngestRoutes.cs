namespace DbLogs.Core.Ingest;

/// <summary>
/// The routes collectors call (docs/collection.md), relative to the service's base address, all under
/// <see cref="Prefix"/> and authenticated by an agent key (<c>Authorization: Bearer dblk_…</c>).
/// </summary>
public static class IngestRoutes
{
    public const string Prefix = "ingest/v1";

    /// <summary>POST, no body: the collector (<see cref="IngestHeaders.Collector"/>) is alive and keeps the sources it owns.</summary>
    public const string Heartbeat = "heartbeat";

    /// <summary>POST: bytes of one file (the <see cref="IngestHeaders"/> say which); answers <see cref="BatchResponse"/>.</summary>
    public const string Batches = "batches";

    /// <summary>POST: a <see cref="GapReport"/>.</summary>
    public const string Gaps = "gaps";

    /// <summary>POST: a <see cref="SourceStatusReport"/>.</summary>
    public const string Status = "status";

    /// <summary>POST: a <see cref="SlowlogBatch"/>; answers <see cref="SlowlogBatchResponse"/>.</summary>
    public const string RedisSlowlog = "redis-slowlog";

    /// <summary>POST: a <see cref="SlowlogStatusReport"/>.</summary>
    public const string RedisSlowlogStatus = "redis-slowlog/status";

    /// <summary>GET <c>?node_id=</c>: the node's desired audit policy with its connection (204: none).</summary>
    public const string AuditPolicy = "audit-policy";

    /// <summary>POST: an <see cref="AuditPolicyReport"/>.</summary>
    public const string AuditPolicyReports = "audit-policy/report";

    /// <summary>The path of <paramref name="route"/> relative to the service's base address, e.g. <c>ingest/v1/batches</c>.</summary>
    public static string PathOf(string route) => $"{Prefix}/{route}";
}

/// <summary>The headers of the ingest routes: a batch's body is the file's bytes from <see cref="Offset"/> on.</summary>
public static class IngestHeaders
{
    /// <summary>On every request: the sending collector's id; one collector owns a source at a time (the service refuses a second one).</summary>
    public const string Collector = "X-DbLogs-Collector";

    public const string Node = "X-DbLogs-Node";
    public const string Kind = "X-DbLogs-Kind";
    public const string FileId = "X-DbLogs-File-Id";

    /// <summary>The file's path, URI-escaped.</summary>
    public const string FilePath = "X-DbLogs-File-Path";

    /// <summary>The file offset of the body's first byte.</summary>
    public const string Offset = "X-DbLogs-Offset";

    /// <summary>The file's size when it was read, for the lag the operator view shows.</summary>
    public const string FileSize = "X-DbLogs-File-Size";

    /// <summary>The <c>Content-Encoding</c> agents send batches in (<c>br</c> and <c>gzip</c> are accepted too, from older agents).</summary>
    public const string ZstdEncoding = "zstd";
}
