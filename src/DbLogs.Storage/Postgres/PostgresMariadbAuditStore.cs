using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

/// <summary>The audit files (table <c>audit_log_files</c>); the policies are in the other part of this class.</summary>
public sealed partial class PostgresMariadbAuditStore(PostgresDatabase db) : IMariadbAuditStore
{
    private static readonly AuditFileList FileList = new(string.Empty);

    public Task<PagedResult<AuditLogFile>> ListFilesAsync(string instanceId, TimeWindow window, Page page, CancellationToken ct = default) =>
        db.ReadAsync((statements, token) => FileList.ListAsync(statements, instanceId, window, page, token), ct);

    public Task<IReadOnlyList<AuditLogFile>> GetFilesAsync(string instanceId, IReadOnlyCollection<string> ids, CancellationToken ct = default) =>
        db.ListAsync<AuditFileRow, AuditLogFile>($"SELECT {AuditFileRow.Columns} FROM audit_log_files WHERE instance_id = @instanceId AND id = ANY(@Ids)",
            new { instanceId, Ids = ids.ToArray() }, r => r.ToModel(), ct);

    public Task<IReadOnlyList<AuditLogFile>> ListFilesEndedBeforeAsync(string instanceId, DateTimeOffset? endedBefore, CancellationToken ct = default) =>
        db.ListAsync<AuditFileRow, AuditLogFile>(
            $"SELECT {AuditFileRow.Columns} FROM audit_log_files WHERE instance_id = @instanceId AND (@Before::bigint IS NULL OR end_time < @Before)",
            new { instanceId, Before = UnixMs.FromNullable(endedBefore) }, r => r.ToModel(), ct);

    public Task CommitClosedFileAsync(AuditLogFile file, long sourceId, string consumer, StreamCursor next, CursorFence? fence = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return StreamCursorSql.CommitAsync(db,
            AuditFileParameters.Upsert,
            AuditFileParameters.From(file, sourceId),
            sourceId, consumer, next, fence, ct);
    }

    public Task DeleteFilesAsync(string instanceId, IReadOnlyCollection<string> ids, CancellationToken ct = default) =>
        db.RunAsync("DELETE FROM audit_log_files WHERE instance_id = @instanceId AND id = ANY(@Ids)", new { instanceId, Ids = ids.ToArray() }, ct);
}
