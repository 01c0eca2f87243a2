using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;
using DbLogs.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Storage;

/// <summary>The audit record store tests once more with every keyword of 3 characters or more matched through the trigram index.</summary>
public sealed class SqliteAuditRecordIndexFirstTests : AuditRecordStoreTests<SqliteIndexFirstStorageUnderTest>;

/// <summary>SQLite storage whose audit record store never checks keywords row by row when the trigram index can answer.</summary>
public sealed class SqliteIndexFirstStorageUnderTest : IStorageUnderTest
{
    private readonly SqliteStorageUnderTest _sqlite = new();

    public void AddTo(IServiceCollection services)
    {
        _sqlite.AddTo(services);
        services.AddSingleton<IAuditRecordStore>(sp => new SqliteAuditRecordStore(sp.GetRequiredService<SqliteRecordsDatabase>(), rowsFirstLimit: 0));
    }

    public ValueTask DisposeAsync() => _sqlite.DisposeAsync();
}

/// <summary>
/// The SQLite store's two ways of matching keywords (each row of a narrow search, or the trigram index) and its two ways of
/// paging (all match keys at once, or a count then a page: from the index's matches, or merged from each node's newest) answer exactly what a filter over the records computed here does.
/// </summary>
public sealed class SqliteAuditRecordPlanTests : StoreTests<SqliteStorageUnderTest>
{
    private static readonly string[] Tables = ["orders", "orders_archive", "customers", "Grüße", "o'brien", "50%_off"];
    private static readonly string[] Users = ["app", "etl", "report"];

    [Fact]
    public async Task Row_by_row_and_index_plans_give_the_records_a_plain_filter_gives_on_every_page()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1", "n2");
        var sources = new[] { await SourceAsync(instance, "n1", LogKind.MariadbAudit), await SourceAsync(instance, "n2", LogKind.MariadbAudit) };
        var random = new Random(7);
        var records = new List<(long Source, int Order, AuditRecord Record)>();
        foreach (var source in sources)
        {
            var rows = new List<AuditRecordRow>();
            for (var i = 0; i < 1500; i++)
            {
                var query = random.Next(10) == 0 ? null : $"SELECT {random.Next(100)} FROM {Tables[random.Next(Tables.Length)]} WHERE x = {random.Next(50)}";
                var record = new AuditRecord(T0.AddSeconds(random.Next(86_400)), 0, "db", Users[random.Next(Users.Length)], "h", 1, i, "QUERY",
                    "shop", null, query, 0, "DML");
                rows.Add(new AuditRecordRow(instance, source.NodeId, i * 100L, record));
                records.Add((source.Id, records.Count, record));
            }

            await Store<IAuditRecordStore>().CommitAsync(source.Id, "records", rows, new StreamCursor(150_000, null));
        }

        var database = Store<SqliteRecordsDatabase>();
        var plans = new[] { new SqliteAuditRecordStore(database, rowsFirstLimit: 1_000_000), new SqliteAuditRecordStore(database, rowsFirstLimit: 0) };
        var searches = new[]
        {
            new AuditRecordQuery(instance, T0, T0.AddDays(1)) { Keywords = ["orders"] },
            new AuditRecordQuery(instance, T0.AddHours(3), T0.AddHours(9)) { Keywords = ["ORDERS_arch"], User = "etl" },
            new AuditRecordQuery(instance, T0, T0.AddDays(1)) { Keywords = ["grüsse".Replace("ss", "ß", StringComparison.Ordinal)] },
            new AuditRecordQuery(instance, T0, T0.AddDays(1)) { Keywords = ["O'B", "7"] },
            new AuditRecordQuery(instance, T0, T0.AddDays(1)) { Keywords = ["%_o", "select"], NodeId = "n2" },
            new AuditRecordQuery(instance, T0, T0.AddDays(1)) { Keywords = ["no such table"] },
            new AuditRecordQuery(instance, T0.AddHours(2), T0.AddHours(20)) { User = "app" },
            new AuditRecordQuery(instance, T0, T0.AddDays(1)) { Keywords = ["%_"] },
        };
        foreach (var search in searches)
        {
            var expected = records
                .Where(r => search.NodeId is null || r.Source == sources[1].Id)
                .Where(r => r.Record.Time >= search.Start && r.Record.Time <= search.End && (search.User is null || r.Record.User == search.User))
                .Where(r => search.Keywords.All(k => r.Record.Query?.Contains(k, StringComparison.OrdinalIgnoreCase) == true))
                .OrderByDescending(r => r.Record.Time).ThenByDescending(r => r.Order)
                .Select(r => r.Record).ToList();
            foreach (var store in plans)
            {
                foreach (var page in new[] { new Page(0, 25), new Page(20, 7), new Page(Math.Max(0, expected.Count - 1), 5), new Page(expected.Count, 5) })
                {
                    var found = await store.SearchAsync(search, page);
                    Assert.Equal(expected.Count, found.Total);
                    Assert.Equal(expected.Skip(page.Offset).Take(page.Limit), found.Items.Select(h => h.Record));
                }
            }
        }
    }

    [Fact]
    public async Task A_search_its_indexes_narrow_to_few_rows_reads_those_rows_and_a_wider_one_lets_the_trigram_index_drive()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        var rows = Enumerable.Range(0, 3).Select(i => new AuditRecordRow(instance, "n1", i,
            new AuditRecord(T0.AddMinutes(i), 0, "db", "app", "h", 1, i, "QUERY", "shop", null, "SELECT * FROM orders", 0, "DML")));
        await Store<IAuditRecordStore>().CommitAsync(source.Id, "records", [.. rows], new StreamCursor(3, null));
        await using var connection = await Store<SqliteDatabase>().Records.OpenAsync();

        async Task<AuditRecordPlan> Plan(int rowsFirstLimit, string keyword)
        {
            var dialect = new SqliteAuditRecordDialect(rowsFirstLimit);
            var query = new AuditRecordQuery(instance, T0, T0.AddHours(1)) { Keywords = [keyword] };
            return await dialect.PlanAsync(connection, AuditRecordFilter.Build(query, [source.Id], dialect), query.Keywords, CancellationToken.None);
        }

        Assert.Equal(new AuditRecordPlan("audit_records r", FewMatches: true, IndexDriven: false), await Plan(4, "orders"));
        var wide = await Plan(3, "orders");
        Assert.True(wide.IndexDriven && !wide.FewMatches, wide.ToString());
        Assert.True((await Plan(4, "grüße")).IndexDriven, "LIKE folds ASCII letters only: other letters go to the index");
        Assert.Equal(new AuditRecordPlan("audit_records r", FewMatches: false, IndexDriven: false), await Plan(3, "or"));
        var noKeyword = new AuditRecordQuery(instance, T0, T0.AddHours(1));
        var dialect = new SqliteAuditRecordDialect(4);
        Assert.Equal(AuditRecordPlan.Scan, await dialect.PlanAsync(connection, AuditRecordFilter.Build(noKeyword, [source.Id], dialect), [], CancellationToken.None));
    }
}
