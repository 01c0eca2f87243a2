using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Sql;

// The parameters of writes both stores make with the same names (times as Unix milliseconds).

/// <summary>What <see cref="AppendCommit"/> writes: the file's range, the index entry and the source's new length.</summary>
internal sealed record AppendParameters(long SourceId, string FileId, string FilePath, long FileStart, long StoredEnd, long StreamStart, long StreamEnd,
    long? FirstTime, long? LastTime, long? ReportedFileSize, long At)
{
    public static AppendParameters From(AppendCommit commit) => new(commit.SourceId, commit.FileId, commit.FilePath, commit.FileStart,
        commit.StoredEnd, commit.Chunk.StreamStart, commit.Chunk.StreamEnd, UnixMs.FromNullable(commit.Chunk.FirstTime),
        UnixMs.FromNullable(commit.Chunk.LastTime), commit.ReportedFileSize, UnixMs.From(commit.At));
}

/// <summary>A closed audit file's row; the stream range only when the cutter gave one (files cut before ranges were kept have none).</summary>
internal sealed record AuditFileParameters(string Id, string InstanceId, string NodeId, string Name, long SizeBytes, long Begin, long End,
    long StreamSequence, long? SourceId, long? StreamStart, long? StreamEnd)
{
    public static AuditFileParameters From(AuditLogFile file, long sourceId) => new(file.Id, file.InstanceId, file.NodeId, file.Name,
        file.SizeBytes, UnixMs.From(file.BeginTime), UnixMs.From(file.EndTime), file.StreamSequence,
        file.Range is null ? null : sourceId, file.Range?.Start, file.Range?.End);
}
