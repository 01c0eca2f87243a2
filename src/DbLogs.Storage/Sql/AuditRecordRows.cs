using DbLogs.Storage.MariadbAuditRecords;

namespace DbLogs.Storage.Sql;

/// <summary>An <c>audit_records</c> row as both stores read it (with the id of the audit file that holds it).</summary>
// Properties, not a constructor: Dapper matches a constructor by the first row's column types, and a NULL has none.
internal sealed class AuditRecordSqlRow
{
    public const string Columns =
        """
        r.id AS Id, r.source_id AS SourceId, r.time AS Time, r.zone_offset AS ZoneOffset, r.server_host AS ServerHost, r.user AS User,
        r.host AS Host, r.connection_id AS ConnectionId, r.query_id AS QueryId, r.operation AS Operation,
        r.statement_class AS StatementClass, r.database AS Database, r.object AS Object, r.query AS Query, r.return_code AS ReturnCode
        """;

    public long Id { get; init; }
    public long SourceId { get; init; }
    public long Time { get; init; }
    public long ZoneOffset { get; init; }
    public string ServerHost { get; init; } = "";
    public string User { get; init; } = "";
    public string Host { get; init; } = "";
    public long ConnectionId { get; init; }
    public long QueryId { get; init; }
    public string Operation { get; init; } = "";
    public string? StatementClass { get; init; }
    public string Database { get; init; } = "";
    public string? Object { get; init; }
    public string? Query { get; init; }
    public long? ReturnCode { get; init; }
    public string? FileId { get; init; }

    public AuditRecordHit ToHit(string nodeId) => new(Id, nodeId,
        new AuditRecord(UnixMs.To(Time), (int)ZoneOffset, ServerHost, User, Host, ConnectionId, QueryId, Operation, Database, Object, Query,
            (int?)ReturnCode, StatementClass),
        FileId);
}

/// <summary>What both stores write for an audit record; the columns are named as in <c>audit_records</c>, in their order.</summary>
internal sealed record AuditRecordParameters(long SourceId, long StreamOffset, long Time, int ZoneOffsetMinutes, string ServerHost, string User,
    string Host, long ConnectionId, long QueryId, string Operation, string? StatementClass, string Database, string? Object, string? Query,
    int? ReturnCode)
{
    public const string Values =
        """
        VALUES (@SourceId, @StreamOffset, @Time, @ZoneOffsetMinutes, @ServerHost, @User, @Host, @ConnectionId, @QueryId,
            @Operation, @StatementClass, @Database, @Object, @Query, @ReturnCode)
        """;

    public static IEnumerable<AuditRecordParameters> From(long sourceId, IReadOnlyList<AuditRecordRow> rows) => rows.Select(r =>
        new AuditRecordParameters(sourceId, r.StreamOffset, UnixMs.From(r.Record.Time), r.Record.ZoneOffsetMinutes, r.Record.ServerHost,
            r.Record.User, r.Record.Host, r.Record.ConnectionId, r.Record.QueryId, r.Record.Operation, r.Record.StatementClass,
            r.Record.Database, r.Record.Object, r.Record.Query, r.Record.ReturnCode));
}
