using Dapper;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>The audit files (table <c>audit_log_files</c>); the policies are in the other part of this class.</summary>
public sealed partial class SqliteMariadbAuditStore(SqliteDatabase db) : IMariadbAuditStore
{
    private const string FileColumns =
        "id, instance_id AS InstanceId, node_id AS NodeId, name, size_bytes AS SizeBytes, begin_time AS BeginTime, end_time AS EndTime, stream_sequence AS StreamSequence";

    private static readonly AuditFileList FileList = new("INDEXED BY audit_log_files_inverted");

    public Task<PagedResult<AuditLogFile>> ListFilesAsync(string instanceId, TimeWindow window, Page page, CancellationToken ct = default) =>
        db.ReadAsync((statements, token) => FileList.ListAsync(statements, instanceId, window, page, token), ct);

    public async Task<IReadOnlyList<AuditLogFile>> GetFilesAsync(string instanceId, IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<AuditFileRow>(new CommandDefinition(
            $"SELECT {FileColumns} FROM audit_log_files WHERE instance_id = @instanceId AND id IN @ids", new { instanceId, ids }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<IReadOnlyList<AuditLogFile>> ListFilesEndedBeforeAsync(string instanceId, DateTimeOffset? endedBefore, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<AuditFileRow>(new CommandDefinition(
            $"SELECT {FileColumns} FROM audit_log_files WHERE instance_id = @instanceId AND (@Before IS NULL OR end_time < @Before)",
            new { instanceId, Before = endedBefore is { } b ? UnixMs.From(b) : (long?)null }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public Task CommitClosedFileAsync(AuditLogFile file, long sourceId, string consumer, StreamCursor next, CursorFence? fence = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return StreamCursorSql.CommitAsync(db,
            AuditFileParameters.Upsert,
            AuditFileParameters.From(file, sourceId),
            sourceId, consumer, next, fence, ct);
    }

    public async Task DeleteFilesAsync(string instanceId, IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM audit_log_files WHERE instance_id = @instanceId AND id IN @ids", new { instanceId, ids }, cancellationToken: ct));
    }
}
