using Dapper;
using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Postgres;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sql;

namespace DbLogs.Tests.Storage;

/// <summary>PostgreSQL plans an audit record keyword search on the pg_trgm index, not by reading every record of the window.</summary>
public sealed class PostgresAuditSearchPlanTests : StoreTests<PostgresStorageUnderTest>
{
    [Fact]
    public async Task A_keyword_search_is_planned_on_the_trigram_index()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        await using var c = await Store<PostgresDatabase>().OpenAsync();
        // A day of 50,000 records of one node, one of them with the keyword: the window and node select them all.
        await c.ExecuteAsync(
            """
            INSERT INTO audit_records (source_id, stream_offset, time, zone_offset, server_host, "user", host, connection_id, query_id,
                operation, database, query)
            SELECT @source, i * 100, @start + i, 0, 'db1', 'app', '10.0.0.7', 42, i, 'QUERY', 'shop',
                CASE WHEN i = 777 THEN 'SELECT * FROM Needle_Table' ELSE 'SELECT * FROM t' || (i % 500) || ' WHERE id = ' || i END
            FROM generate_series(0, 49999) i;
            ANALYZE audit_records;
            """, new { source = source.Id, start = T0.ToUnixTimeMilliseconds() });
        var query = new AuditRecordQuery(instance, T0, T0.AddDays(1)) { Keywords = ["needle_table"] };

        var filter = AuditRecordFilter.Build(query, [source.Id], PostgresAuditRecordDialect.Instance);
        var read = await PostgresAuditRecordDialect.Instance.PlanAsync(c, filter, query.Keywords, CancellationToken.None);
        var plan = string.Join("\n", await c.QueryAsync<string>($"EXPLAIN SELECT COUNT(*) FROM {read.From} WHERE {filter.Sql}", filter.Args));

        Assert.Contains("Bitmap Index Scan on audit_records_query_trgm", plan, StringComparison.Ordinal);
        var found = await Store<IAuditRecordStore>().SearchAsync(query, new Page(0, 10));
        Assert.Equal(1, found.Total);
        Assert.Equal("SELECT * FROM Needle_Table", Assert.Single(found.Items).Record.Query);
    }
}
