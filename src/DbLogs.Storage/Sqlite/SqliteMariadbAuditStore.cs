using Dapper;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>The audit files (table <c>audit_log_files</c>); the policies are in the other part of this class.</summary>
public sealed partial class SqliteMariadbAuditStore(SqliteDatabase db) : IMariadbAuditStore
{
    private const string FileColumns =
        "id, instance_id AS InstanceId, node_id AS NodeId, name, size_bytes AS SizeBytes, begin_time AS BeginTime, end_time AS EndTime, stream_sequence AS StreamSequence";

    public async Task<PagedResult<AuditLogFile>> ListFilesAsync(string instanceId, TimeWindow window, Page page, CancellationToken ct = default)
    {
        // begin_time is bounded on both sides (no file is longer than the instance's longest), so the index reads only
        // the files near the window instead of every file that began before its end. Newest first; files that begin at the
        // same time (audit records have whole seconds) in their stream's order, newest first, so pages neither repeat nor skip.
        const string Where = """
            WHERE instance_id = @instanceId AND begin_time <= @End AND end_time >= @Start
              AND begin_time >= @Start - (SELECT MAX(end_time - begin_time) FROM audit_log_files WHERE instance_id = @instanceId)
            """;
        await using var c = await db.OpenAsync(ct);
        var hours = new HourWindow(UnixMs.From(window.Start), UnixMs.From(window.End));
        var plan = await AuditFileListPlan.MakeAsync(c, instanceId, hours, page.Offset, ct);
        // A page past skipped hours ends the window just below them: one upper bound, which the index range then starts from
        // (given both "<= End" and "< Before", SQLite ranged on the first and stepped over every skipped file).
        var args = new { instanceId, hours.Start, End = plan?.Before - 1 ?? hours.End, Offset = plan?.Rest ?? page.Offset, page.Limit };
        var total = plan?.Total
            ?? await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM audit_log_files {Where}", args, cancellationToken: ct));
        var rows = await c.QueryAsync<AuditFileRow>(new CommandDefinition(
            $"""
            SELECT {FileColumns} FROM audit_log_files {Where}
            ORDER BY begin_time DESC, node_id, stream_sequence DESC, id LIMIT @Limit OFFSET @Offset
            """, args, cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }

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

    public Task CommitClosedFileAsync(AuditLogFile file, long sourceId, string consumer, StreamCursor next, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return StreamCursorSql.CommitAsync(db,
            """
            INSERT INTO audit_log_files (id, instance_id, node_id, name, size_bytes, begin_time, end_time, stream_sequence,
                source_id, stream_start, stream_end)
            VALUES (@Id, @InstanceId, @NodeId, @Name, @SizeBytes, @Begin, @End, @StreamSequence, @SourceId, @StreamStart, @StreamEnd)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, size_bytes = excluded.size_bytes,
                begin_time = excluded.begin_time, end_time = excluded.end_time, stream_sequence = excluded.stream_sequence,
                source_id = excluded.source_id, stream_start = excluded.stream_start, stream_end = excluded.stream_end
            """,
            AuditFileParameters.From(file, sourceId),
            sourceId, consumer, next, ct);
    }

    public async Task DeleteFilesAsync(string instanceId, IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM audit_log_files WHERE instance_id = @instanceId AND id IN @ids", new { instanceId, ids }, cancellationToken: ct));
    }
}
