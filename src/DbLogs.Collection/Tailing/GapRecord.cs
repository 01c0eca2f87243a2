namespace DbLogs.Collection.Tailing;

/// <summary>Bytes that were written to a source but can no longer be read (rotation overwrote them, or copytruncate).</summary>
public sealed record GapRecord(string FilePath, long Bytes, DateTimeOffset DetectedAt, string Reason);
