using Dapper;
using DbLogs.Core.Logs;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;
using DbLogs.Storage.Sqlite;

namespace DbLogs.Tests.Storage;

/// <summary>SQLite's choice between its plans (<see cref="AuditRecordPlanTests{TStorage}"/>).</summary>
public sealed class SqliteAuditSearchPlanTests : StoreTests<SqliteStorageUnderTest>
{
    [Fact]
    public async Task A_search_its_indexes_narrow_to_few_rows_reads_those_rows_and_a_wider_one_lets_the_trigram_index_drive()
    {
        var (instance, source) = await AuditSourceAsync("n1");
        var rows = Enumerable.Range(0, 3).Select(i => new AuditRecordRow(instance, "n1", i,
            new AuditRecord(T0.AddMinutes(i), 0, "db", "app", "h", 1, i, "QUERY", "shop", null, "SELECT * FROM orders", 0, "DML")));
        await Store<IAuditRecordStore>().CommitAsync(source.Id, "records", [.. rows], new StreamCursor(3, null));
        await using var connection = await Store<SqliteDatabase>().Records.OpenAsync();

        async Task<AuditRecordPlan> Plan(int rowsFirstLimit, string keyword)
        {
            var query = new AuditRecordQuery(instance, T0, T0.AddHours(1)) { Keywords = [keyword] };
            return await new AuditRecordPlanner(SqliteAuditRecordDialect.Instance, new(rowsFirstLimit, IdSpanFactor: 0))
                .PlanAsync(connection, AuditRecordFilter.Build(query, [source.Id], SqliteAuditRecordDialect.Instance), query.Keywords, CancellationToken.None);
        }

        Assert.Equal(new AuditRecordPlan("audit_records r", FewMatches: true, IndexDriven: false), await Plan(4, "orders"));
        var wide = await Plan(3, "orders");
        Assert.True(wide.IndexDriven && !wide.FewMatches, wide.ToString());
        Assert.True((await Plan(4, "grüße")).IndexDriven, "LIKE folds ASCII letters only: other letters go to the index");
        Assert.Equal(new AuditRecordPlan("audit_records r", FewMatches: false, IndexDriven: false), await Plan(3, "or"));
        var noKeyword = new AuditRecordQuery(instance, T0, T0.AddHours(1));
        var dialect = SqliteAuditRecordDialect.Instance;
        Assert.Equal(AuditRecordPlan.Scan,
            await new AuditRecordPlanner(dialect, AuditSearchLimits.Default).PlanAsync(connection, AuditRecordFilter.Build(noKeyword, [source.Id], dialect), [], CancellationToken.None));
    }

    [Fact]
    public async Task A_user_s_rows_are_checked_for_keywords_in_the_user_index_without_reading_the_table()
    {
        var (instance, source) = await AuditSourceAsync("n1");
        await using var connection = await Store<SqliteDatabase>().Records.OpenAsync();
        var query = new AuditRecordQuery(instance, T0, T0.AddDays(30)) { User = "etl", Keywords = ["orders", "x"] };
        var filter = AuditRecordFilter.Build(query, [source.Id], SqliteAuditRecordDialect.Instance);
        var plan = await new AuditRecordPlanner(SqliteAuditRecordDialect.Instance, AuditSearchLimits.Default).PlanAsync(connection, filter, query.Keywords, CancellationToken.None);

        var steps = await connection.QueryAsync($"EXPLAIN QUERY PLAN SELECT r.id, r.time FROM {plan.From} WHERE {filter.Sql}", filter.Args);
        string step = Assert.Single(steps).detail;
        Assert.True(plan.FewMatches);
        Assert.Contains("USING COVERING INDEX audit_records_user_query", step, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_window_whose_records_lie_together_reads_the_trigram_index_over_their_ids_only_and_one_spread_out_checks_rows()
    {
        var (instance, source) = await AuditSourceAsync("n1", "n2");
        var other = await SourceAsync(instance, "n2", LogKind.MariadbAudit);
        var store = Store<IAuditRecordStore>();
        // Node n1's minutes 0-9 are stored together, then 200 records of n2 in the same minutes, then n1's minutes 10-19.
        await store.CommitAsync(source.Id, "records", Rows(instance, "n1", 0, 10), new StreamCursor(10, null));
        await store.CommitAsync(other.Id, "records", Rows(instance, "n2", 0, 200), new StreamCursor(200, null));
        await store.CommitAsync(source.Id, "records", Rows(instance, "n1", 10, 10), new StreamCursor(20, null));
        await using var connection = await Store<SqliteDatabase>().Records.OpenAsync();
        var dialect = SqliteAuditRecordDialect.Instance;

        async Task<(AuditRecordPlan Plan, AuditRecordWhere Filter)> Plan(DateTimeOffset start, DateTimeOffset end)
        {
            var query = new AuditRecordQuery(instance, start, end) { NodeId = "n1", Keywords = ["orders_7"] };
            var filter = AuditRecordFilter.Build(query, [source.Id], dialect);
            return (await new AuditRecordPlanner(dialect, AuditSearchLimits.Default).PlanAsync(connection, filter, query.Keywords, CancellationToken.None), filter);
        }

        var (together, filter) = await Plan(T0, T0.AddMinutes(9));
        Assert.True(together is { IndexDriven: true, FewMatches: true }, together.ToString());
        Assert.Contains("m.rowid BETWEEN @FirstId AND @LastId", filter.Sql.ToString(), StringComparison.Ordinal);
        Assert.Equal((1L, 10L), (filter.Args.Get<long>("FirstId"), filter.Args.Get<long>("LastId")));
        var keys = await connection.QueryAsync<long>($"SELECT r.stream_offset FROM {together.From} WHERE {filter.Sql} ORDER BY 1", filter.Args);
        Assert.Equal([7L], keys);
        var steps = string.Join('\n', (await connection.QueryAsync($"EXPLAIN QUERY PLAN SELECT r.id FROM {together.From} WHERE {filter.Sql}", filter.Args))
            .Select(s => (string)s.detail));
        Assert.Contains("VIRTUAL TABLE INDEX", steps, StringComparison.Ordinal);

        var (apart, _) = await Plan(T0, T0.AddMinutes(19));
        Assert.Equal(new AuditRecordPlan("audit_records r", FewMatches: true, IndexDriven: false), apart);
        var found = await store.SearchAsync(new AuditRecordQuery(instance, T0, T0.AddMinutes(19)) { NodeId = "n1", Keywords = ["orders_1"] }, new(0, 100));
        Assert.Equal([19L, 18L, 17L, 16L, 15L, 14L, 13L, 12L, 11L, 10L, 1L], found.Items.Select(h => h.Record.QueryId));
    }

    private static AuditRecordRow[] Rows(string instance, string node, int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => new AuditRecordRow(instance, node, i,
            new AuditRecord(T0.AddMinutes(i % 20), 0, "db", "app", "h", 1, i, "QUERY", "shop", null, $"SELECT * FROM orders_{i}", 0, "DML")))];
}
