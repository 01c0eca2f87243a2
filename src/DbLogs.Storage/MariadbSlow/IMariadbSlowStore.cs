using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.MariadbSlow;

/// <summary>The mariadb-slow kind: the records its follower parses from the stream, and what ListSlowLogs and its statistics read.</summary>
public interface IMariadbSlowStore
{
    /// <summary><paramref name="type"/> null means all statement types. Newest first.</summary>
    Task<PagedResult<MariadbSlowEntry>> ListAsync(string instanceId, TimeWindow window, string? type, Page page, CancellationToken ct = default);

    /// <summary>Records grouped by statement and database, most frequent (or, with <paramref name="sortByTime"/>, longest in total) first.</summary>
    Task<PagedResult<MariadbSlowStatistic>> ListStatisticsAsync(string instanceId, TimeWindow window, string? type, bool sortByTime, Page page,
        CancellationToken ct = default);

    /// <inheritdoc cref="MariadbError.IMariadbErrorStore.CommitAsync"/>
    Task CommitAsync(long sourceId, string consumer, IReadOnlyList<SlowLogRow> rows, StreamCursor cursor, CursorFence? fence = null,
        CancellationToken ct = default);
}

/// <summary>One statement of a MariaDB slow query log, with its sample normalised (literals as <c>N</c>) and its type.</summary>
/// <param name="StartTime">From <c>SET timestamp=</c> (when the statement started), else the record's <c># Time:</c>.</param>
/// <param name="ClientIp">The client's address, or its host name when the server logged no address (a socket connection).</param>
public sealed record MariadbSlowEntry(
    DateTimeOffset StartTime,
    double QueryTimeSeconds,
    double LockTimeSeconds,
    long RowsSent,
    long RowsExamined,
    string Database,
    string Users,
    string ClientIp,
    string QuerySample,
    string Type);

/// <summary>Slow queries grouped by normalised statement.</summary>
public sealed record MariadbSlowStatistic(
    long Count,
    double TotalQueryTimeSeconds,
    double TotalLockTimeSeconds,
    long RowsSent,
    long RowsExamined,
    string Database,
    string Users,
    string ClientIp,
    string QuerySample,
    string Type);

/// <param name="StreamOffset">Where the record starts in its source's stream: its identity.</param>
public sealed record SlowLogRow(string InstanceId, string NodeId, long StreamOffset, MariadbSlowEntry Entry);
