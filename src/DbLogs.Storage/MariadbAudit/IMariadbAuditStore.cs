using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.MariadbAudit;

/// <summary>
/// The mariadb-audit kind: the audit files cut from each node's audit stream (what ListAuditlogs lists and links to, and the
/// retention rules delete), and the audit policies: the desired versions and what the collectors report about each node.
/// </summary>
public interface IMariadbAuditStore
{
    /// <summary>Files whose [begin, end] overlaps the window, newest first.</summary>
    Task<PagedResult<AuditLogFile>> ListFilesAsync(string instanceId, TimeWindow window, Page page, CancellationToken ct = default);

    /// <summary>The instance's files among <paramref name="ids"/>, in no particular order.</summary>
    Task<IReadOnlyList<AuditLogFile>> GetFilesAsync(string instanceId, IReadOnlyCollection<string> ids, CancellationToken ct = default);

    /// <summary>The instance's files whose end time is before <paramref name="endedBefore"/> (all of them when null).</summary>
    Task<IReadOnlyList<AuditLogFile>> ListFilesEndedBeforeAsync(string instanceId, DateTimeOffset? endedBefore, CancellationToken ct = default);

    /// <summary>
    /// Adds (or replaces, on a retry after a crash) the row of a closed file and moves the cutter's cursor past it,
    /// in one transaction: either both happen or neither.
    /// </summary>
    /// <param name="fence">Null: unfenced (no leases in use). Else the commit goes in only while the fence's node holds its lease.</param>
    /// <exception cref="LeaseLostException">The fence's lease is not held: nothing was written.</exception>
    Task CommitClosedFileAsync(AuditLogFile file, long sourceId, string consumer, StreamCursor next, CursorFence? fence = null,
        CancellationToken ct = default);

    Task DeleteFilesAsync(string instanceId, IReadOnlyCollection<string> ids, CancellationToken ct = default);

    Task<DesiredAuditPolicy?> GetDesiredAsync(string instanceId, CancellationToken ct = default);

    /// <summary>
    /// Stores a new version (and the instance's <c>audit_policies</c> row) only if the current version is still
    /// <paramref name="expectedVersion"/> (0: none); null when another change won the race.
    /// </summary>
    Task<DesiredAuditPolicy?> RequestAsync(string instanceId, long expectedVersion, int keepDays, IReadOnlyList<string> auditTypes,
        bool reserveAuditLogs, DateTimeOffset at, CancellationToken ct = default);

    Task<IReadOnlyList<DesiredAuditPolicy>> ListDesiredAsync(CancellationToken ct = default);

    Task RecordFetchAsync(string instanceId, string nodeId, long version, DateTimeOffset at, CancellationToken ct = default);

    Task RecordReportAsync(string instanceId, string nodeId, long version, bool applied, string? reason, DateTimeOffset at,
        CancellationToken ct = default);

    Task RecordObservationAsync(string instanceId, string nodeId, AuditObservation observation, CancellationToken ct = default);

    /// <summary>What the collectors said about each node of the instance, by node id.</summary>
    Task<IReadOnlyList<AuditPolicyNodeState>> ListNodeStatesAsync(string instanceId, CancellationToken ct = default);
}
