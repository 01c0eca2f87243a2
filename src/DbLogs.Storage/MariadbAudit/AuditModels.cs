using DbLogs.Storage.Segments;

namespace DbLogs.Storage.MariadbAudit;

/// <summary>A cut MariaDB/MySQL audit-log file; <see cref="StreamSequence"/> is its place in its node's audit stream, from 1.</summary>
public sealed record AuditLogFile(
    string Id,
    string InstanceId,
    string NodeId,
    string Name,
    long SizeBytes,
    DateTimeOffset BeginTime,
    DateTimeOffset EndTime,
    long StreamSequence)
{
    /// <summary>The part of its node's stream the file consists of, stored on commit so audit records find their file; not read back.</summary>
    public StreamRange? Range { get; init; }
}

/// <summary>A policy as the API sets it: how long audit files are kept and which statement types are audited.</summary>
public sealed record AuditPolicy(int KeepDays, IReadOnlyList<string> AuditTypes, DateTimeOffset UpdatedAt);

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
