using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>
/// Indexes every server_audit record of the <c>mariadb-audit</c> streams for the audit record search, as it is collected.
/// server_audit writes a record as one line, so the stream's last line is indexed at once instead of waiting for the next.
/// Its commits (SQLite's inserts and FTS tokenising run on the calling thread) run on a <see cref="LowPriorityWorker"/>, so
/// on a busy machine ingest gets the CPU first; safe because the records store's write lock is one that ingest never takes.
/// </summary>
internal sealed class AuditRecordFollower(
    ISourceStore sources,
    IRegistryStore registry,
    IStreamStore segments,
    TimeProvider clock,
    IAuditRecordStore store) : ParsedLogFollower<AuditRecordRow>(sources, registry, segments, clock), IDisposable
{
    private readonly LowPriorityWorker _worker = new("audit record indexing");

    public override string Name => "audit-records";

    public override bool RunsApart => true;

    protected override LogKind Kind => LogKind.MariadbAudit;

    protected override bool HoldsLastRecord => false;

    protected override DateTimeOffset? Parse(SourceRecord source, StreamRecord record, TimeZoneInfo zone, DateTimeOffset fallbackTime,
        List<AuditRecordRow> rows)
    {
        if (!record.StartsWithRecordLine || record.Time is not { } time || AuditRecordParser.TryParse(record.Bytes.Span, time, zone) is not { } parsed)
        {
            return null;
        }

        rows.Add(new AuditRecordRow(source.InstanceId, source.NodeId, record.Offset, parsed));
        return time;
    }

    public override Task<StreamCursor?> ReadCursorAsync(long sourceId, CancellationToken ct) => store.GetCursorAsync(sourceId, Name, ct);

    public void Dispose() => _worker.Dispose();

    // The PostgreSQL store's commit waits on the network on that thread instead: no slower than on the thread pool.
    protected override Task CommitAsync(SourceRecord source, IReadOnlyList<AuditRecordRow> rows, StreamCursor cursor, CursorFence? fence,
        CancellationToken ct) =>
        _worker.RunAsync(() =>
        {
            store.CommitAsync(source.Id, Name, rows, cursor, fence, ct).GetAwaiter().GetResult();
            return true;
        });
}
