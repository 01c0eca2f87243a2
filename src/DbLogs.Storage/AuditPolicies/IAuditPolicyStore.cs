using DbLogs.Storage.Logs;

namespace DbLogs.Storage.AuditPolicies;

/// <summary>An accepted audit-policy change: each PUT makes a new <see cref="Version"/> that collectors apply and report on.</summary>
public sealed record DesiredAuditPolicy(
    string InstanceId,
    long Version,
    int KeepDays,
    IReadOnlyList<string> AuditTypes,
    bool ReserveAuditLogs,
    DateTimeOffset RequestedAt);

/// <summary>
/// What a collector said about one node: it fetched <see cref="FetchedVersion"/>, applied or failed <see cref="ReportedVersion"/>,
/// and last saw the server's audit plugin in <see cref="Observed"/>.
/// </summary>
public sealed record AuditPolicyNodeState(
    string NodeId,
    long FetchedVersion,
    DateTimeOffset FetchedAt,
    long ReportedVersion,
    bool? Applied,
    string? Reason,
    DateTimeOffset? ReportedAt)
{
    public AuditObservation? Observed { get; init; }
}

/// <summary>
/// A node's audit plugin as its collector last saw it: <see cref="Logging"/> ON, OFF or NOT_INSTALLED with its events, or
/// the <see cref="Error"/> that kept the collector from asking.
/// </summary>
public sealed record AuditObservation(string? Logging, string? Events, string? Error, DateTimeOffset At);

/// <summary>Desired audit policies, the collectors' reports on them, and the audit files the retention rules delete.</summary>
public interface IAuditPolicyStore
{
    Task<DesiredAuditPolicy?> GetDesiredAsync(string instanceId, CancellationToken ct = default);

    /// <summary>
    /// Stores a new version (and the <c>audit_policies</c> row GET reads) only if the current version is still
    /// <paramref name="expectedVersion"/> (0: none); null when another change won the race.
    /// </summary>
    Task<DesiredAuditPolicy?> RequestAsync(string instanceId, long expectedVersion, int keepDays, IReadOnlyList<string> auditTypes,
        bool reserveAuditLogs, DateTimeOffset at, CancellationToken ct = default);

    Task<IReadOnlyList<DesiredAuditPolicy>> ListDesiredAsync(CancellationToken ct = default);

    Task RecordFetchAsync(string instanceId, string nodeId, long version, DateTimeOffset at, CancellationToken ct = default);

    Task RecordReportAsync(string instanceId, string nodeId, long version, bool applied, string? reason, DateTimeOffset at,
        CancellationToken ct = default);

    Task RecordObservationAsync(string instanceId, string nodeId, AuditObservation observation, CancellationToken ct = default);

    Task<IReadOnlyList<AuditPolicyNodeState>> ListNodeStatesAsync(string instanceId, CancellationToken ct = default);

    /// <summary>The instance's audit files whose end time is before <paramref name="endedBefore"/> (all of them when null).</summary>
    Task<IReadOnlyList<AuditLogFile>> ListAuditFilesAsync(string instanceId, DateTimeOffset? endedBefore, CancellationToken ct = default);

    Task DeleteAuditFileRowsAsync(string instanceId, IReadOnlyCollection<string> ids, CancellationToken ct = default);

    /// <summary>Adds an audit file row (the cutter's contract; used to seed tests).</summary>
    Task AddAuditFileAsync(AuditLogFile file, CancellationToken ct = default);
}
