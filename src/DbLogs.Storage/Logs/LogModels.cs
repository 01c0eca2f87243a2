namespace DbLogs.Storage.Logs;

/// <summary>A cut MariaDB/MySQL audit-log file; <see cref="StreamSequence"/> is its place in its node's audit stream, from 1.</summary>
public sealed record AuditLogFile(
    string Id,
    string InstanceId,
    string NodeId,
    string Name,
    long SizeBytes,
    DateTimeOffset BeginTime,
    DateTimeOffset EndTime,
    long StreamSequence);

public sealed record AuditPolicy(int KeepDays, IReadOnlyList<string> AuditTypes, DateTimeOffset UpdatedAt);
