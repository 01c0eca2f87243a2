using DbLogs.Storage.Logs;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Diagnostics;

/// <summary>Where the MariaDB error-log and slow-log followers put parsed rows, together with their stream cursor.</summary>
public interface IMysqlDiagnosticLogStore
{
    /// <summary>
    /// Inserts the rows and moves the consumer's cursor in one transaction, so a crash neither loses nor repeats rows.
    /// A row already stored for its (source, offset) is skipped.
    /// </summary>
    Task CommitErrorLogAsync(long sourceId, string consumer, IReadOnlyList<ErrorLogRow> rows, StreamCursor cursor, CancellationToken ct = default);

    /// <inheritdoc cref="CommitErrorLogAsync"/>
    Task CommitSlowLogAsync(long sourceId, string consumer, IReadOnlyList<SlowLogRow> rows, StreamCursor cursor, CancellationToken ct = default);
}

/// <param name="StreamOffset">Where the message starts in its source's stream: its identity.</param>
public sealed record ErrorLogRow(string InstanceId, string NodeId, long StreamOffset, ErrorLogEntry Entry);

/// <param name="StreamOffset">Where the record starts in its source's stream: its identity.</param>
public sealed record SlowLogRow(string InstanceId, string NodeId, long StreamOffset, MysqlSlowEntry Entry);
