using DbLogs.Core.Logs;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Sql;

// The sources' rows as both stores return them, and their models.

internal sealed record SourceRow(long Id, string InstanceId, string NodeId, string Kind, long Length, long? LastTime, long? LastBatchAt,
    string? LastFilePath, long? LastFileSize, string? LastError, long? LastErrorAt)
{
    public const string Columns =
        "id, instance_id AS InstanceId, node_id AS NodeId, kind, length, last_time AS LastTime, last_batch_at AS LastBatchAt, " +
        "last_file_path AS LastFilePath, last_file_size AS LastFileSize, last_error AS LastError, last_error_at AS LastErrorAt";

    public SourceRecord ToModel() => new(Id, InstanceId, NodeId, LogKinds.TryParse(Kind, out var k) ? k : throw new InvalidDataException(Kind),
        Length, UnixMs.ToNullable(LastTime), UnixMs.ToNullable(LastBatchAt), LastFilePath, LastFileSize, LastError, UnixMs.ToNullable(LastErrorAt));
}

internal sealed record SourceFileRow(long SourceId, string FileId, string Path, long StreamStart, long FileStart, long StoredEnd, long FirstSeen)
{
    public const string Columns =
        "source_id AS SourceId, file_id AS FileId, path, stream_start AS StreamStart, file_start AS FileStart, stored_end AS StoredEnd, first_seen AS FirstSeen";

    public SourceFileRecord ToModel() => new(SourceId, FileId, Path, StreamStart, FileStart, StoredEnd, UnixMs.To(FirstSeen));
}

internal sealed record ChunkRow(long StreamStart, long StreamEnd, long? FirstTime, long? LastTime)
{
    public SourceChunk ToModel() => new(StreamStart, StreamEnd, UnixMs.ToNullable(FirstTime), UnixMs.ToNullable(LastTime));
}

internal sealed record GapRow(long DetectedAt, string FilePath, long Bytes, string Reason)
{
    public SourceGap ToModel() => new(UnixMs.To(DetectedAt), FilePath, Bytes, Reason);
}

internal sealed record LeaseRow(string CollectorId, long SeenAt)
{
    public CollectorLease ToModel() => new(CollectorId, UnixMs.To(SeenAt));
}
