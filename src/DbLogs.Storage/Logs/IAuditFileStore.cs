using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Logs;

/// <summary>Records the audit files cut from a node's audit stream.</summary>
public interface IAuditFileStore
{
    /// <summary>
    /// Adds (or replaces, on a retry after a crash) the row of a closed file and moves the cutter's cursor past it,
    /// in one transaction: either both happen or neither.
    /// </summary>
    Task CommitClosedFileAsync(AuditLogFile file, long sourceId, string consumer, StreamCursor next, CancellationToken ct = default);
}
