namespace DbLogs.Storage.MariadbAuditRecords;

/// <summary>
/// One server_audit record as parsed from a node's audit stream. <see cref="Query"/> is the statement of a QUERY record
/// (unescaped); <see cref="Object"/> the table of a table event (READ, WRITE, CREATE, …). <see cref="StatementClass"/> is
/// DDL, DML or DCL when the operation or statement is one of those.
/// </summary>
public sealed record AuditRecord(
    DateTimeOffset Time,
    int ZoneOffsetMinutes,
    string ServerHost,
    string User,
    string Host,
    long ConnectionId,
    long QueryId,
    string Operation,
    string Database,
    string? Object,
    string? Query,
    int? ReturnCode,
    string? StatementClass);

/// <summary>A record to store: where in which stream it starts, so a replay of the stream stores it once.</summary>
public sealed record AuditRecordRow(string InstanceId, string NodeId, long StreamOffset, AuditRecord Record);

/// <summary>A stored record: its id, node, and the audit file it is in (null while that file is still open).</summary>
public sealed record AuditRecordHit(long Id, string NodeId, AuditRecord Record, string? AuditFileId);

/// <summary>
/// What a search asks for. Every given filter must match: exact user, host, database, node and return code; an operation
/// in <see cref="Operations"/> or a statement class in <see cref="Classes"/> (either, when both are given); every keyword
/// a case-insensitive substring of the query text, taken literally.
/// </summary>
public sealed record AuditRecordQuery(string InstanceId, DateTimeOffset Start, DateTimeOffset End)
{
    public string? User { get; init; }
    public string? Host { get; init; }
    public string? Database { get; init; }
    public string? NodeId { get; init; }
    public int? ReturnCode { get; init; }
    public IReadOnlyList<string> Operations { get; init; } = [];
    public IReadOnlyList<string> Classes { get; init; } = [];
    public IReadOnlyList<string> Keywords { get; init; } = [];
}
