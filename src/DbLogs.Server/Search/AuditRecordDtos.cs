namespace DbLogs.Server.Search;

/// <summary>One audit record on the wire (snake_case; documented in the README's "Searching audit records").</summary>
public sealed record AuditRecordItem(
    string Id,
    string Time,
    string NodeTime,
    string NodeId,
    string ServerHost,
    string User,
    string Host,
    long ConnectionId,
    long QueryId,
    string Operation,
    string? StatementClass,
    string Database,
    string? Object,
    string? Query,
    int? ReturnCode,
    string? AuditFileId);

public sealed record AuditRecordsResponse(long Total, IReadOnlyList<AuditRecordItem> Records);
