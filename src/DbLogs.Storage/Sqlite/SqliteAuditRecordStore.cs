using Dapper;
using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>Audit records in <c>audit_records</c> with the FTS5 trigram index <c>audit_records_fts</c> over their query text.</summary>
public sealed class SqliteAuditRecordStore(SqliteDatabase db) : IAuditRecordStore
{
    private static readonly string AuditKind = LogKind.MariadbAudit.Name();

    public Task CommitAsync(long sourceId, string consumer, IReadOnlyList<AuditRecordRow> rows, StreamCursor cursor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return StreamCursorSql.CommitAsync(db,
            """
            INSERT OR IGNORE INTO audit_records (source_id, stream_offset, time, zone_offset, server_host, user, host, connection_id, query_id,
                operation, statement_class, database, object, query, return_code)
            VALUES (@SourceId, @StreamOffset, @Time, @ZoneOffsetMinutes, @ServerHost, @User, @Host, @ConnectionId, @QueryId,
                @Operation, @StatementClass, @Database, @Object, @Query, @ReturnCode)
            """,
            rows.Select(r => new
            {
                SourceId = sourceId,
                r.StreamOffset,
                Time = UnixMs.From(r.Record.Time),
                r.Record.ZoneOffsetMinutes,
                r.Record.ServerHost,
                r.Record.User,
                r.Record.Host,
                r.Record.ConnectionId,
                r.Record.QueryId,
                r.Record.Operation,
                r.Record.StatementClass,
                r.Record.Database,
                r.Record.Object,
                r.Record.Query,
                r.Record.ReturnCode,
            }),
            sourceId, consumer, cursor, ct);
    }

    public async Task<PagedResult<AuditRecordHit>> SearchAsync(AuditRecordQuery query, Page page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var c = await db.OpenAsync(ct);
        var nodes = (await c.QueryAsync<(long Id, string NodeId)>(new CommandDefinition(
            "SELECT id, node_id FROM sources WHERE instance_id = @InstanceId AND kind = @AuditKind AND (@NodeId IS NULL OR node_id = @NodeId)",
            new { query.InstanceId, AuditKind, query.NodeId }, cancellationToken: ct))).ToDictionary(s => s.Id, s => s.NodeId);
        if (nodes.Count == 0)
        {
            return new(0, []);
        }

        var (where, args) = SqliteAuditRecordFilter.Build(query, nodes.Keys);
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM audit_records r WHERE {where}", args, cancellationToken: ct));
        if (page.Offset >= total)
        {
            return new(total, []);
        }

        args.Add("Limit", page.Limit);
        args.Add("Offset", page.Offset);
        // The file whose range ends first after the record's offset is the one that holds it, if it also starts at or before it.
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT r.id AS Id, r.source_id AS SourceId, r.time AS Time, r.zone_offset AS ZoneOffset, r.server_host AS ServerHost, r.user AS User,
                   r.host AS Host, r.connection_id AS ConnectionId, r.query_id AS QueryId, r.operation AS Operation,
                   r.statement_class AS StatementClass, r.database AS Database, r.object AS Object, r.query AS Query, r.return_code AS ReturnCode,
                   (SELECT CASE WHEN f.stream_start <= r.stream_offset THEN f.id END FROM audit_log_files f
                    WHERE f.source_id = r.source_id AND f.stream_end > r.stream_offset ORDER BY f.stream_end LIMIT 1) AS FileId
            FROM audit_records r WHERE {where} ORDER BY r.time DESC, r.id DESC LIMIT @Limit OFFSET @Offset
            """, args, cancellationToken: ct));
        return new(total, [.. rows.Select(r => r.ToHit(nodes[r.SourceId]))]);
    }

    public async Task<long> DeleteInFilesAsync(string instanceId, IReadOnlyCollection<string> fileIds, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM audit_records WHERE id IN (
                SELECT r.id FROM audit_log_files f
                JOIN audit_records r ON r.source_id = f.source_id AND r.stream_offset >= f.stream_start AND r.stream_offset < f.stream_end
                WHERE f.instance_id = @instanceId AND f.id IN @fileIds)
            """, new { instanceId, fileIds }, cancellationToken: ct));
    }

    // Properties, not a constructor: Dapper matches a constructor by the first row's column types, and a NULL has none.
    private sealed class Row
    {
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
}
