namespace DbLogs.Core.Logs;

/// <summary>
/// Data of a source the collector could not read: bytes of a file (rotated away before it caught up, or lost to
/// copytruncate), or, for <c>redis-slowlog</c>, entries that were gone before the poller saw them.
/// </summary>
public sealed record SourceGap(DateTimeOffset DetectedAt, string FilePath, long Bytes, string Reason);
