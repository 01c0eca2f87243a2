using System.Data.Common;
using System.Text.Json;
using DbLogs.Storage.MariadbAudit;

namespace DbLogs.Storage.Sql;

// The audit files' and policies' rows as both stores return them (flags as 0/1), and their models.

internal sealed record AuditFileRow(string Id, string InstanceId, string NodeId, string Name, long SizeBytes, long BeginTime, long EndTime,
    long StreamSequence)
{
    public const string Columns =
        "id, instance_id AS InstanceId, node_id AS NodeId, name, size_bytes AS SizeBytes, begin_time AS BeginTime, end_time AS EndTime, stream_sequence AS StreamSequence";

    public AuditLogFile ToModel() => new(Id, InstanceId, NodeId, Name, SizeBytes, UnixMs.To(BeginTime), UnixMs.To(EndTime), StreamSequence);

    /// <summary>The columns <see cref="Read"/> reads, for lists within one instance.</summary>
    public const string ListColumns = "id, node_id, name, size_bytes, begin_time, end_time, stream_sequence";

    public static AuditLogFile Read(DbDataReader row, string instanceId) => new(row.GetString(0), instanceId, row.GetString(1), row.GetString(2),
        row.GetInt64(3), UnixMs.To(row.GetInt64(4)), UnixMs.To(row.GetInt64(5)), row.GetInt64(6));
}

internal sealed record DesiredPolicyRow(string InstanceId, long Version, long KeepDays, string AuditTypes, long ReserveAuditLogs, long RequestedAt)
{
    public DesiredAuditPolicy ToModel() => new(InstanceId, Version, (int)KeepDays, JsonSerializer.Deserialize<string[]>(AuditTypes) ?? [],
        ReserveAuditLogs != 0, UnixMs.To(RequestedAt));
}

internal sealed record PolicyNodeRow(string NodeId, long FetchedVersion, long FetchedAt, long ReportedVersion, long? Applied, string? Reason,
    long? ReportedAt, string? ObservedLogging, string? ObservedEvents, string? ObserveError, long? ObservedAt)
{
    public AuditPolicyNodeState ToModel() => new(NodeId, FetchedVersion, UnixMs.To(FetchedAt), ReportedVersion,
        Applied is null ? null : Applied != 0, Reason, UnixMs.ToNullable(ReportedAt))
    {
        Observed = ObservedAt is { } seen ? new AuditObservation(ObservedLogging, ObservedEvents, ObserveError, UnixMs.To(seen)) : null,
    };
}
