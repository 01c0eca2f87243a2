using Dapper;
using DbLogs.Core.Paging;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Postgres;
using DbLogs.Storage.Sql;

namespace DbLogs.Tests.Storage;

/// <summary>
/// PostgreSQL's plans (<see cref="AuditRecordPlanTests{TStorage}"/>), and its choice between them: the trigram index only for a
/// wide search, the user's own index for a user's.
/// </summary>
public sealed class PostgresAuditRecordPlanTests : AuditRecordPlanTests<PostgresStorageUnderTest>
{
    private protected override IAuditRecordStore StoreWith(AuditSearchLimits limits) => new PostgresAuditRecordStore(Store<PostgresDatabase>(), limits);

    [Fact]
    public async Task A_window_of_few_rows_is_read_on_its_btree_and_a_wide_one_on_the_trigram_index()
    {
        var (instance, source) = await AuditSourceAsync("n1");
        await using var c = await Store<PostgresDatabase>().OpenAsync();
        // 50,000 records of one node a millisecond apart by 50 users, one of them with the keyword.
        await c.ExecuteAsync(
            """
            INSERT INTO audit_records (source_id, stream_offset, time, zone_offset, server_host, "user", host, connection_id, query_id,
                operation, database, query)
            SELECT @source, i * 100, @start + i, 0, 'db1', 'u' || (i % 50), '10.0.0.7', 42, i, 'QUERY', 'shop',
                CASE WHEN i = 777 THEN 'SELECT * FROM Needle_Table' ELSE 'SELECT * FROM t' || (i % 500) || ' WHERE id = ' || i END
            FROM generate_series(0, 49999) i;
            ANALYZE audit_records;
            """, new { source = source.Id, start = T0.ToUnixTimeMilliseconds() });

        async Task<(string Plan, string Sql)> Plan(AuditRecordQuery query)
        {
            var dialect = PostgresAuditRecordDialect.Instance;
            var filter = AuditRecordFilter.Build(query, [source.Id], dialect);
            var read = await new AuditRecordPlanner(dialect, AuditSearchLimits.Default).PlanAsync(c, filter, query.Keywords, CancellationToken.None);
            var plan = string.Join("\n", await c.QueryAsync<string>($"EXPLAIN SELECT COUNT(*) FROM {read.From} WHERE {filter.Sql}", filter.Args));
            var found = await Store<IAuditRecordStore>().SearchAsync(query, new Page(0, 10));
            Assert.Equal(1, found.Total);
            Assert.Equal("SELECT * FROM Needle_Table", Assert.Single(found.Items).Record.Query);
            return (plan, filter.Sql.ToString());
        }

        var (wide, _) = await Plan(new AuditRecordQuery(instance, T0, T0.AddDays(1)) { Keywords = ["needle_table"] });
        Assert.Contains("Bitmap Index Scan on audit_records_query_trgm", wide, StringComparison.Ordinal);
        var (narrow, _) = await Plan(new AuditRecordQuery(instance, T0.AddMilliseconds(700), T0.AddMilliseconds(900)) { Keywords = ["needle_table"] });
        Assert.DoesNotContain("audit_records_query_trgm", narrow, StringComparison.Ordinal);
        Assert.Contains("audit_records_time", narrow, StringComparison.Ordinal);
        // A user's rows lie all over the table: 1,000 of them are too many to read one by one, though a window's are not.
        var (byUser, byUserSql) = await Plan(new AuditRecordQuery(instance, T0, T0.AddDays(1)) { User = "u27", Keywords = ["needle_table"] });
        Assert.Contains("Bitmap Index Scan on audit_records_user_trigrams", byUser, StringComparison.Ordinal);
        Assert.DoesNotContain("audit_records_query_trgm", byUser, StringComparison.Ordinal);
        Assert.Contains("audit_user_trigrams", byUserSql, StringComparison.Ordinal);
        var (_, window) = await Plan(new AuditRecordQuery(instance, T0, T0.AddSeconds(5)) { Keywords = ["needle_table"] });
        Assert.Contains("strpos(lower(r.query)", window, StringComparison.Ordinal);
        Assert.DoesNotContain("audit_user_trigrams", window, StringComparison.Ordinal);
    }
}
