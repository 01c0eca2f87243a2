using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.MariadbError;

/// <summary>Fills <c>mysql_error_log</c> (ListErrorLogs) from <c>mariadb-error</c> streams.</summary>
internal sealed class MariadbErrorLogFollower(
    ISourceStore sources,
    IRegistryStore registry,
    IStreamStore segments,
    TimeProvider clock,
    IMariadbErrorStore store) : ParsedLogFollower<ErrorLogRow>(sources, registry, segments, clock)
{
    private readonly List<(int Offset, ErrorLogEntry Entry)> _entries = [];

    public override string Name => "mysql-error-log";

    protected override LogKind Kind => LogKind.MariadbError;

    protected override DateTimeOffset? Parse(SourceRecord source, StreamRecord record, TimeZoneInfo zone, DateTimeOffset fallbackTime,
        List<ErrorLogRow> rows)
    {
        _entries.Clear();
        MariadbErrorParser.Parse(record.Bytes.Span, record.StartsWithRecordLine, record.Time, fallbackTime, zone, _entries);
        DateTimeOffset? last = null;
        foreach (var (offset, entry) in _entries)
        {
            rows.Add(new ErrorLogRow(source.InstanceId, source.NodeId, record.Offset + offset, entry));
            last = entry.Time;
        }

        return last;
    }

    protected override Task CommitAsync(SourceRecord source, IReadOnlyList<ErrorLogRow> rows, StreamCursor cursor, CursorFence? fence,
        CancellationToken ct) =>
        store.CommitAsync(source.Id, Name, rows, cursor, fence, ct);
}
