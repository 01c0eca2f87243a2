using System.Data.Common;
using Dapper;
using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Sql;

/// <summary>The audit record store both databases share; what each writes differently is in its <see cref="IAuditRecordDialect"/>.</summary>
public abstract class AuditRecordSqlStore : IAuditRecordStore
{
    private static readonly string AuditKind = LogKind.MariadbAudit.Name();
    private readonly IConnectionSource _db;
    private readonly IAuditRecordDialect _dialect;

    private protected AuditRecordSqlStore(IConnectionSource db, IAuditRecordDialect dialect)
    {
        _db = db;
        _dialect = dialect;
    }

    public Task CommitAsync(long sourceId, string consumer, IReadOnlyList<AuditRecordRow> rows, StreamCursor cursor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return StreamCursorSql.CommitAsync(_db, _dialect.Insert, AuditRecordParameters.From(sourceId, rows), sourceId, consumer, cursor, ct);
    }

    public Task<StreamCursor?> GetCursorAsync(long sourceId, string consumer, CancellationToken ct = default) =>
        StreamCursorSql.GetAsync(_db, sourceId, consumer, ct);

    public async Task<PagedResult<AuditRecordHit>> SearchAsync(AuditRecordQuery query, Page page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var c = await _db.OpenConnectionAsync(ct);
        var nodes = (await c.QueryAsync<(long Id, string NodeId)>(new CommandDefinition(
            "SELECT id, node_id FROM sources WHERE instance_id = @InstanceId AND kind = @AuditKind AND (@NodeId IS NULL OR node_id = @NodeId)",
            new { query.InstanceId, AuditKind, query.NodeId }, cancellationToken: ct))).ToDictionary(s => s.Id, s => s.NodeId);
        if (nodes.Count == 0)
        {
            return new(0, []);
        }

        var filter = AuditRecordFilter.Build(query, nodes.Keys, _dialect);
        var plan = query.Keywords.Count == 0 ? AuditRecordPlan.Scan : await _dialect.KeywordsAsync(c, filter, query.Keywords, ct);
        return plan.FewMatches
            ? await ByIdsAsync(c, plan.From, filter, page, nodes, ct)
            : await CountedAsync(c, plan.From, filter, page, nodes, ct);
    }

    /// <summary>Every match's id in one pass: their number is the total, and the page is read by id.</summary>
    private async Task<PagedResult<AuditRecordHit>> ByIdsAsync(DbConnection c, string from, AuditRecordWhere filter, Page page,
        Dictionary<long, string> nodes, CancellationToken ct)
    {
        var ids = (await c.QueryAsync<long>(new CommandDefinition(
            $"SELECT r.id FROM {from} WHERE {filter.Sql} ORDER BY r.time DESC, r.id DESC", filter.Args, cancellationToken: ct))).AsList();
        var pageIds = ids.Skip(page.Offset).Take(page.Limit).ToArray();
        return pageIds.Length == 0
            ? new(ids.Count, [])
            : new(ids.Count, await RowsAsync(c, "audit_records r", $"r.id {_dialect.InList("Ids")} ORDER BY r.time DESC, r.id DESC", new DynamicParameters(new { Ids = pageIds }), nodes, ct));
    }

    /// <summary>A count, then the page: for matches that may be many.</summary>
    private static async Task<PagedResult<AuditRecordHit>> CountedAsync(DbConnection c, string from, AuditRecordWhere filter, Page page,
        Dictionary<long, string> nodes, CancellationToken ct)
    {
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {from} WHERE {filter.Sql}", filter.Args, cancellationToken: ct));
        if (page.Offset >= total)
        {
            return new(total, []);
        }

        filter.Args.Add("Limit", page.Limit);
        filter.Args.Add("Offset", page.Offset);
        return new(total, await RowsAsync(c, from, $"{filter.Sql} ORDER BY r.time DESC, r.id DESC LIMIT @Limit OFFSET @Offset", filter.Args, nodes, ct));
    }

    // The file whose range ends first after the record's offset is the one that holds it, if it also starts at or before it.
    private static async Task<AuditRecordHit[]> RowsAsync(DbConnection c, string from, string whereAndOrder, DynamicParameters args,
        Dictionary<long, string> nodes, CancellationToken ct)
    {
        var rows = await c.QueryAsync<AuditRecordSqlRow>(new CommandDefinition(
            $"""
            SELECT {AuditRecordSqlRow.Columns},
                   (SELECT CASE WHEN f.stream_start <= r.stream_offset THEN f.id END FROM audit_log_files f
                    WHERE f.source_id = r.source_id AND f.stream_end > r.stream_offset ORDER BY f.stream_end LIMIT 1) AS FileId
            FROM {from} WHERE {whereAndOrder}
            """, args, cancellationToken: ct));
        return [.. rows.Select(r => r.ToHit(nodes[r.SourceId]))];
    }

    public async Task<long> DeleteInFilesAsync(string instanceId, IReadOnlyCollection<string> fileIds, CancellationToken ct = default) =>
        await _db.RunAsync(_dialect.DeleteInFiles, new { instanceId, fileIds = fileIds.ToArray() }, ct);
}
