using DbLogs.Core.Paging;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.MariadbAuditRecords;

/// <summary>The searchable index of every server_audit record, filled from the audit streams as they are collected.</summary>
public interface IAuditRecordStore
{
    /// <summary>Adds the rows (a row whose stream offset is already stored is skipped) and moves the cursor, in one transaction.</summary>
    /// <param name="fence">Null: unfenced (no leases in use). Else the commit goes in only while the fence's node holds its lease.</param>
    /// <exception cref="LeaseLostException">The fence's lease is not held: nothing was written.</exception>
    Task CommitAsync(long sourceId, string consumer, IReadOnlyList<AuditRecordRow> rows, StreamCursor cursor, CursorFence? fence = null,
        CancellationToken ct = default);

    /// <summary>The cursor <see cref="CommitAsync"/> last moved, or null before the first commit.</summary>
    Task<StreamCursor?> GetCursorAsync(long sourceId, string consumer, CancellationToken ct = default);

    /// <summary>The matching records, newest first, and how many match in all.</summary>
    Task<PagedResult<AuditRecordHit>> SearchAsync(AuditRecordQuery query, Page page, CancellationToken ct = default);

    /// <summary>Deletes the records inside the stream ranges of the instance's audit files <paramref name="fileIds"/> (before the files' rows go).</summary>
    /// <returns>How many records were deleted.</returns>
    Task<long> DeleteInFilesAsync(string instanceId, IReadOnlyCollection<string> fileIds, CancellationToken ct = default);
}
