using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Sql;

// The parameters of writes both stores make with the same names (times as Unix milliseconds).

/// <summary>What <see cref="AppendCommit"/> writes: the file's range, the index entry and the source's new length.</summary>
internal sealed record AppendParameters(long SourceId, string FileId, string FilePath, long FileStart, long StoredEnd, long StreamStart, long StreamEnd,
    long? FirstTime, long? LastTime, long? ReportedFileSize, long At, string? PieceKey)
{
    public static AppendParameters From(AppendCommit commit) => new(commit.SourceId, commit.FileId, commit.FilePath, commit.FileStart,
        commit.StoredEnd, commit.Chunk.StreamStart, commit.Chunk.StreamEnd, UnixMs.FromNullable(commit.Chunk.FirstTime),
        UnixMs.FromNullable(commit.Chunk.LastTime), commit.ReportedFileSize, UnixMs.From(commit.At), commit.PieceKey);
}

/// <summary>A closed audit file's row; the stream range only when the cutter gave one (files cut before ranges were kept have none).</summary>
internal sealed record AuditFileParameters(string Id, string InstanceId, string NodeId, string Name, long SizeBytes, long Begin, long End,
    long StreamSequence, long? SourceId, long? StreamStart, long? StreamEnd)
{
    /// <summary>The row's insert, or its update when a crash made the cutter write the same file again (same SQL in both stores).</summary>
    public const string Upsert =
        """
        INSERT INTO audit_log_files (id, instance_id, node_id, name, size_bytes, begin_time, end_time, stream_sequence,
            source_id, stream_start, stream_end)
        VALUES (@Id, @InstanceId, @NodeId, @Name, @SizeBytes, @Begin, @End, @StreamSequence, @SourceId, @StreamStart, @StreamEnd)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, size_bytes = excluded.size_bytes,
            begin_time = excluded.begin_time, end_time = excluded.end_time, stream_sequence = excluded.stream_sequence,
            source_id = excluded.source_id, stream_start = excluded.stream_start, stream_end = excluded.stream_end
        """;

    public static AuditFileParameters From(AuditLogFile file, long sourceId) => new(file.Id, file.InstanceId, file.NodeId, file.Name,
        file.SizeBytes, UnixMs.From(file.BeginTime), UnixMs.From(file.EndTime), file.StreamSequence,
        file.Range is null ? null : sourceId, file.Range?.Start, file.Range?.End);
}
