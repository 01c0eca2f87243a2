using DbLogs.Core.Paging;
using DbLogs.Core.Time;

namespace DbLogs.Storage.Logs;

/// <summary>What the log APIs list: collected files and parsed entries, per instance.</summary>
public interface ILogCatalog
{
    /// <summary>Newest day first, then by group and replica.</summary>
    Task<PagedResult<RunLogFile>> ListRunLogsAsync(string instanceId, string? replicationId, Page page, CancellationToken ct = default);

    Task<RunLogFile?> GetRunLogAsync(string instanceId, string id, CancellationToken ct = default);

    Task<PagedResult<RedisSlowEntry>> ListRedisSlowlogAsync(string instanceId, TimeWindow window,
        RedisSlowSortKey sortKey, SortDirection direction, Page page, CancellationToken ct = default);

    /// <summary>Files whose [begin, end] overlaps the window, newest first.</summary>
    Task<PagedResult<AuditLogFile>> ListAuditLogsAsync(string instanceId, TimeWindow window, Page page, CancellationToken ct = default);

    Task<IReadOnlyList<AuditLogFile>> GetAuditLogsAsync(string instanceId, IReadOnlyCollection<string> ids, CancellationToken ct = default);

    Task<AuditPolicy?> GetAuditPolicyAsync(string instanceId, CancellationToken ct = default);

    Task SetAuditPolicyAsync(string instanceId, AuditPolicy policy, CancellationToken ct = default);

    /// <summary><paramref name="level"/> null means all levels.</summary>
    Task<PagedResult<ErrorLogEntry>> ListErrorLogsAsync(string instanceId, TimeWindow window, string? level, Page page, CancellationToken ct = default);

    /// <summary><paramref name="type"/> null means all statement types.</summary>
    Task<PagedResult<MysqlSlowEntry>> ListMysqlSlowLogsAsync(string instanceId, TimeWindow window, string? type, Page page, CancellationToken ct = default);

    Task<PagedResult<MysqlSlowStatistic>> ListMysqlSlowStatisticsAsync(string instanceId, TimeWindow window, string? type,
        bool sortByTime, Page page, CancellationToken ct = default);
}
