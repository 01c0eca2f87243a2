using DbLogs.Core.Logs;

namespace DbLogs.Storage.Sources;

/// <summary>One collected log of one node: its stream's committed length and what the collector last reported.</summary>
public sealed record SourceRecord(
    long Id,
    string InstanceId,
    string NodeId,
    LogKind Kind,
    long Length,
    DateTimeOffset? LastTime,
    DateTimeOffset? LastBatchAt,
    string? LastFilePath,
    long? LastFileSize,
    string? LastError,
    DateTimeOffset? LastErrorAt);

/// <summary>
/// A file of a source as the collector identified it. Its bytes [<see cref="FileStart"/>, <see cref="StoredEnd"/>)
/// sit in the source's stream from <see cref="StreamStart"/> on.
/// </summary>
public sealed record SourceFileRecord(long SourceId, string FileId, string Path, long StreamStart, long FileStart, long StoredEnd, DateTimeOffset FirstSeen)
{
    public long StreamEnd => StreamStart + (StoredEnd - FileStart);
}

/// <summary>An index entry: a byte range of a source's stream and the record times seen in it (UTC).</summary>
public sealed record SourceChunk(long StreamStart, long StreamEnd, DateTimeOffset? FirstTime, DateTimeOffset? LastTime);

/// <summary>
/// Everything one append changes, committed in one transaction after the bytes are stored; <see cref="PieceKey"/> names the blob
/// holding them when the stream is kept in a blob store.
/// </summary>
public sealed record AppendCommit(
    long SourceId,
    string FileId,
    string FilePath,
    bool NewFile,
    long FileStart,
    long StoredEnd,
    SourceChunk Chunk,
    long? ReportedFileSize,
    DateTimeOffset At,
    string? PieceKey = null);

/// <summary>Bytes [<see cref="StreamStart"/>, <see cref="StreamEnd"/>) of a stream, kept whole as the blob <see cref="BlobKey"/>.</summary>
public sealed record StreamPiece(long StreamStart, long StreamEnd, string BlobKey);

/// <summary>A consumer's position in a source's stream, with whatever state it needs to resume (e.g. JSON).</summary>
public sealed record StreamCursor(long Position, string? State);
