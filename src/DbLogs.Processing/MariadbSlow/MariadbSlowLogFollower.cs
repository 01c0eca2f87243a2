using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Storage.MariadbSlow;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.MariadbSlow;

/// <summary>Fills <c>mysql_slow_log</c> (ListSlowLogs and the statistics) from <c>mariadb-slow</c> streams.</summary>
internal sealed class MariadbSlowLogFollower(
    ISourceStore sources,
    IRegistryStore registry,
    IStreamStore segments,
    TimeProvider clock,
    IMariadbSlowStore store) : ParsedLogFollower<SlowLogRow>(sources, registry, segments, clock)
{
    public override string Name => "mysql-slow-log";

    protected override LogKind Kind => LogKind.MariadbSlow;

    protected override DateTimeOffset? Parse(SourceRecord source, StreamRecord record, TimeZoneInfo zone, DateTimeOffset fallbackTime,
        List<SlowLogRow> rows)
    {
        if (!MariadbSlowParser.TryParse(record.Bytes.Span, record.Time ?? fallbackTime, out var q) || q is null)
        {
            return null; // the file header written when the server opens the file
        }

        rows.Add(new SlowLogRow(source.InstanceId, source.NodeId, record.Offset, q));
        return q.StartTime;
    }

    protected override Task CommitAsync(SourceRecord source, IReadOnlyList<SlowLogRow> rows, StreamCursor cursor, CursorFence? fence,
        CancellationToken ct) =>
        store.CommitAsync(source.Id, Name, rows, cursor, fence, ct);
}
