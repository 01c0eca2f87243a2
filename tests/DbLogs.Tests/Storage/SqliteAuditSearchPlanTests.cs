using Dapper;
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
            return await new AuditRecordPlanner(SqliteAuditRecordDialect.Instance, rowsFirstLimit)
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
            await new AuditRecordPlanner(dialect, 4).PlanAsync(connection, AuditRecordFilter.Build(noKeyword, [source.Id], dialect), [], CancellationToken.None));
    }

    [Fact]
    public async Task A_user_s_rows_are_checked_for_keywords_in_the_user_index_without_reading_the_table()
    {
        var (instance, source) = await AuditSourceAsync("n1");
        await using var connection = await Store<SqliteDatabase>().Records.OpenAsync();
        var query = new AuditRecordQuery(instance, T0, T0.AddDays(30)) { User = "etl", Keywords = ["orders", "x"] };
        var filter = AuditRecordFilter.Build(query, [source.Id], SqliteAuditRecordDialect.Instance);
        var plan = await new AuditRecordPlanner(SqliteAuditRecordDialect.Instance, 1000).PlanAsync(connection, filter, query.Keywords, CancellationToken.None);

        var steps = await connection.QueryAsync($"EXPLAIN QUERY PLAN SELECT r.id, r.time FROM {plan.From} WHERE {filter.Sql}", filter.Args);
        string step = Assert.Single(steps).detail;
        Assert.True(plan.FewMatches);
        Assert.Contains("USING COVERING INDEX audit_records_user_query", step, StringComparison.Ordinal);
    }
}
