using DbLogs.Core.Paging;
using DbLogs.Core.Time;

namespace DbLogs.Storage.Logs;

/// <summary>What the audit-log APIs list, per instance.</summary>
public interface ILogCatalog
{
    /// <summary>Files whose [begin, end] overlaps the window, newest first.</summary>
    Task<PagedResult<AuditLogFile>> ListAuditLogsAsync(string instanceId, TimeWindow window, Page page, CancellationToken ct = default);

    Task<IReadOnlyList<AuditLogFile>> GetAuditLogsAsync(string instanceId, IReadOnlyCollection<string> ids, CancellationToken ct = default);

    Task<AuditPolicy?> GetAuditPolicyAsync(string instanceId, CancellationToken ct = default);

    Task SetAuditPolicyAsync(string instanceId, AuditPolicy policy, CancellationToken ct = default);
}
