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
    long? FileSize)
{
    /// <summary>The collector that sent it (<c>X-DbLogs-Collector</c>); null: not checked against the source's owner.</summary>
    public string? CollectorId { get; init; }
}

public enum IngestOutcome
{
    Stored,

    /// <summary>The batch starts after the bytes the service holds for that file; resend from the stored offset.</summary>
    AheadOfStored,

    /// <summary>The node is not part of the instance, or does not have this kind of log.</summary>
    UnknownSource,

    /// <summary>Another collector owns the source (<see cref="IngestResult.Refusal"/> says which).</summary>
    OwnedByAnotherCollector,
}

public readonly record struct IngestResult(IngestOutcome Outcome, long StoredOffset, string? Refusal = null);
