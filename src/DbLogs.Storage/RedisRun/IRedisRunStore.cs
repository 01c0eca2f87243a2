using DbLogs.Core.Paging;

namespace DbLogs.Storage.RedisRun;

/// <summary>
/// The redis-run kind's collected day files (table <c>run_log_files</c>): what ListRedislog lists and links to, as collection jobs
/// and the retention sweep change them.
/// </summary>
public interface IRedisRunStore
{
    /// <summary>Newest day first, then by group and replica.</summary>
    Task<PagedResult<RunLogFile>> ListAsync(string instanceId, string? replicationId, Page page, CancellationToken ct = default);

    Task<RunLogFile?> GetAsync(string instanceId, string id, CancellationToken ct = default);

    /// <summary>
    /// Marks the replica's day as <see cref="RunLogStatus.Collecting"/>, creating the entry with <paramref name="newId"/>
    /// or keeping the id of the entry the day already has (so links to it stay valid); returns the entry's id.
    /// </summary>
    Task<string> BeginAsync(string newId, string instanceId, string replicationId, string groupName, string replicationIp, DateOnly day,
        DateTimeOffset at, CancellationToken ct = default);

    Task FinishAsync(string id, string status, long sizeBytes, DateTimeOffset at, CancellationToken ct = default);

    Task<bool> DeleteAsync(string id, CancellationToken ct = default);

    /// <summary>Entries last collected before <paramref name="cutoff"/> (retention).</summary>
    Task<IReadOnlyList<RunLogFile>> ListCollectedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default);

    /// <summary>Entries still <see cref="RunLogStatus.Collecting"/>: the collection jobs not done yet, whichever node queued them.</summary>
    Task<IReadOnlyList<RunLogFile>> ListCollectingAsync(CancellationToken ct = default);
}

/// <summary>A collected Redis run-log file: one replica, one calendar day in the node's time zone.</summary>
public sealed record RunLogFile(
    string Id,
    string InstanceId,
    string ReplicationId,
    string GroupName,
    string ReplicationIp,
    DateOnly Day,
    string Status,
    long SizeBytes,
    DateTimeOffset CollectedAt);

/// <summary>The <c>status</c> values of a run-log entry on the wire.</summary>
public static class RunLogStatus
{
    public const string Collecting = "collecting";
    public const string Succeed = "succeed";
    public const string Failed = "failed";
}
