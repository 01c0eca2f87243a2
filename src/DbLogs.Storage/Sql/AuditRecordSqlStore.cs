using System.Data.Common;
using Dapper;
using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Sql;

/// <summary>
/// The audit record store both databases share; what each writes differently is in its <see cref="IAuditRecordDialect"/>, how a
/// search matches its keywords is chosen by <see cref="AuditRecordPlanner"/>.
/// </summary>
public abstract class AuditRecordSqlStore : IAuditRecordStore
{
    private static readonly string AuditKind = LogKind.MariadbAudit.Name();
    private readonly IConnectionSource _db;
    private readonly IAuditRecordDialect _dialect;
    private readonly AuditRecordPlanner _planner;

    private protected AuditRecordSqlStore(IConnectionSource db, IAuditRecordDialect dialect, AuditSearchLimits limits)
    {
        _db = db;
        _dialect = dialect;
        _planner = new AuditRecordPlanner(dialect, limits);
    }

    public Task CommitAsync(long sourceId, string consumer, IReadOnlyList<AuditRecordRow> rows, StreamCursor cursor, CursorFence? fence = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return StreamCursorSql.CommitAsync(_db, _dialect.Insert, AuditRecordParameters.From(sourceId, rows), sourceId, consumer, cursor, fence, ct);
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
        var plan = await _planner.PlanAsync(c, filter, query.Keywords, ct);
        if (plan.FewMatches)
        {
            const string keys = "SELECT r.id AS Id, r.time AS Time FROM";
            var all = plan.IndexDriven
                ? await KeysAsync(c, $"{keys} {plan.From} WHERE {filter.Sql}", filter.Args, ct)
                : await KeysByNodeAsync(c, $"{keys} {plan.From} WHERE r.source_id = @Node AND {filter.Sql}", filter.Args, nodes.Keys, ct);
            return await PageAsync(c, all.Count, all.Order().Skip(page.Offset).Take(page.Limit), nodes, ct);
        }

        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {plan.From} WHERE {filter.Sql}", filter.Args, cancellationToken: ct));
        if (page.Offset >= total)
        {
            return new(total, []);
        }

        filter.Args.Add("Take", page.Offset + page.Limit);
        if (plan.IndexDriven)
        {
            var keys = await KeysAsync(c, $"SELECT r.id AS Id, r.time AS Time FROM {plan.From} WHERE {filter.Sql} {NewestFirst} LIMIT @Take", filter.Args, ct);
            return await PageAsync(c, total, keys.Skip(page.Offset), nodes, ct);
        }

        // Each node's newest matches walk its own time index and stop early; one query over all nodes would sort them all.
        var merged = new List<RecordKey>();
        foreach (var node in nodes.Keys)
        {
            filter.Args.Add("Node", node);
            merged.AddRange(await KeysAsync(c,
                $"SELECT r.id AS Id, r.time AS Time FROM {plan.From} WHERE r.source_id = @Node AND {filter.Sql} {NewestFirst} LIMIT @Take", filter.Args, ct));
        }

        return await PageAsync(c, total, merged.Order().Skip(page.Offset).Take(page.Limit), nodes, ct);
    }

    private const string NewestFirst = "ORDER BY r.time DESC, r.id DESC";

    /// <summary>
    /// Every match's key, each node's read at once on a connection of its own beside <paramref name="c"/>: where rows are
    /// checked one by one (no keyword index drives the read), PostgreSQL checks each node's on another core. SQLite's driver
    /// answers synchronously, so there the nodes are read one after another, at the cost of one statement.
    /// </summary>
    private async Task<List<RecordKey>> KeysByNodeAsync(DbConnection c, string sql, DynamicParameters args, IReadOnlyCollection<long> nodes,
        CancellationToken ct)
    {
        var keys = await Task.WhenAll(nodes.Select(async (node, i) =>
        {
            var nodeArgs = new DynamicParameters(args);
            nodeArgs.Add("Node", node);
            if (i == 0)
            {
                return await KeysAsync(c, sql, nodeArgs, ct);
            }

            await using var connection = await _db.OpenConnectionAsync(ct);
            return await KeysAsync(connection, sql, nodeArgs, ct);
        }));
        return [.. keys.SelectMany(k => k)];
    }

    private static async Task<List<RecordKey>> KeysAsync(DbConnection c, string sql, DynamicParameters args, CancellationToken ct) =>
        (await c.QueryAsync<RecordKey>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();

    private async Task<PagedResult<AuditRecordHit>> PageAsync(DbConnection c, long total, IEnumerable<RecordKey> keys, Dictionary<long, string> nodes,
        CancellationToken ct)
    {
        var ids = keys.Select(k => k.Id).ToArray();
        return ids.Length == 0
            ? new(total, [])
            : new(total, await RowsAsync(c, $"r.id {_dialect.InList("Ids")} {NewestFirst}", new DynamicParameters(new { Ids = ids }), nodes, ct));
    }

    // The file whose range ends first after the record's offset is the one that holds it, if it also starts at or before it.
    private static async Task<AuditRecordHit[]> RowsAsync(DbConnection c, string whereAndOrder, DynamicParameters args,
        Dictionary<long, string> nodes, CancellationToken ct)
    {
        var rows = await c.QueryAsync<AuditRecordSqlRow>(new CommandDefinition(
            $"""
            SELECT {AuditRecordSqlRow.Columns},
                   (SELECT CASE WHEN f.stream_start <= r.stream_offset THEN f.id END FROM audit_log_files f
                    WHERE f.source_id = r.source_id AND f.stream_end > r.stream_offset ORDER BY f.stream_end LIMIT 1) AS FileId
            FROM audit_records r WHERE {whereAndOrder}
            """, args, cancellationToken: ct));
        return [.. rows.Select(r => r.ToHit(nodes[r.SourceId]))];
    }

    public async Task<long> DeleteInFilesAsync(string instanceId, IReadOnlyCollection<string> fileIds, CancellationToken ct = default) =>
        await _db.RunAsync(_dialect.DeleteInFiles, new { instanceId, fileIds = fileIds.ToArray() }, ct);
}

/// <summary>A match's place in the newest-first order: its time, then its id.</summary>
internal readonly record struct RecordKey(long Id, long Time) : IComparable<RecordKey>
{
    public int CompareTo(RecordKey other) => Time != other.Time ? other.Time.CompareTo(Time) : other.Id.CompareTo(Id);
}
