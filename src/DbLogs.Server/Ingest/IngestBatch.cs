using DbLogs.Core.Logs;

namespace DbLogs.Server.Ingest;

/// <summary>Bytes of one file of one source, starting at <see cref="Offset"/> in that file.</summary>
public sealed record IngestBatch(
    string InstanceId,
    string NodeId,
    LogKind Kind,
    string FileId,
    string FilePath,
    long Offset,
    ReadOnlyMemory<byte> Data,
    long? FileSize);

public enum IngestOutcome
{
    Stored,

    /// <summary>The batch starts after the bytes the service holds for that file; resend from the stored offset.</summary>
    AheadOfStored,

    /// <summary>The node is not part of the instance, or does not have this kind of log.</summary>
    UnknownSource,
}

public readonly record struct IngestResult(IngestOutcome Outcome, long StoredOffset);
