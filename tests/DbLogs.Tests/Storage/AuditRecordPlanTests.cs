using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Postgres;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;
using DbLogs.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Storage;

/// <summary>
/// A store's ways of matching keywords (each row of a narrow search, the trigram index confined to those rows' ids where the store
/// can, the trigram index over all time, or a user's own) and its two ways of paging (all
/// match keys at once, or a count then a page: from the index's matches, or merged from each node's newest) answer exactly
/// what a filter over the records computed here does.
/// </summary>
public abstract class AuditRecordPlanTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
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
                if (query is not null && random.Next(20) == 0)
                {
                    query = $"/* {new string('x', 2100)} */ {query}"; // a long statement
                }

                var record = new AuditRecord(T0.AddSeconds(random.Next(86_400)), 0, "db", Users[random.Next(Users.Length)], "h", 1, i, "QUERY",
                    "shop", null, query, 0, "DML");
                rows.Add(new AuditRecordRow(instance, source.NodeId, i * 100L, record));
                records.Add((source.Id, records.Count, record));
            }

            await Store<IAuditRecordStore>().CommitAsync(source.Id, "records", rows, new StreamCursor(150_000, null));
        }

        var plans = new[] { StoreWith(new(1_000_000, IdSpanFactor: 0)), StoreWith(new(1_000_000, IdSpanFactor: 1_000)), StoreWith(AuditSearchLimits.IndexFirst) };
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
            new AuditRecordQuery(instance, T0, T0.AddDays(1)) { Keywords = ["o'brien"], User = "report" },
            new AuditRecordQuery(instance, T0, T0.AddDays(1)) { Keywords = ["grüsse".Replace("ss", "ß", StringComparison.Ordinal), "SELECT"], User = "app" },
            new AuditRecordQuery(instance, T0.AddHours(1), T0.AddHours(23)) { Keywords = ["50%_off", "= 4"], User = "etl" },
            new AuditRecordQuery(instance, T0, T0.AddDays(1)) { Keywords = ["üße"], User = "etl" },
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

    /// <summary>The store under test whose searches choose their plan by <paramref name="limits"/>.</summary>
    private protected abstract IAuditRecordStore StoreWith(AuditSearchLimits limits);
}

public sealed class SqliteAuditRecordPlanTests : AuditRecordPlanTests<SqliteStorageUnderTest>
{
    private protected override IAuditRecordStore StoreWith(AuditSearchLimits limits) => new SqliteAuditRecordStore(Store<SqliteRecordsDatabase>(), limits);
}

/// <summary>The audit record store tests once more with every keyword of 3 characters or more matched through the trigram index.</summary>
public sealed class SqliteAuditRecordIndexFirstTests : AuditRecordStoreTests<SqliteIndexFirstStorageUnderTest>;

/// <summary>As <see cref="SqliteAuditRecordIndexFirstTests"/>, on PostgreSQL.</summary>
public sealed class PostgresAuditRecordIndexFirstTests : AuditRecordStoreTests<PostgresIndexFirstStorageUnderTest>;

public sealed class SqliteIndexFirstStorageUnderTest() : IndexFirstStorageUnderTest<SqliteStorageUnderTest>(services =>
    new SqliteAuditRecordStore(services.GetRequiredService<SqliteRecordsDatabase>(), AuditSearchLimits.IndexFirst));

public sealed class PostgresIndexFirstStorageUnderTest() : IndexFirstStorageUnderTest<PostgresStorageUnderTest>(services =>
    new PostgresAuditRecordStore(services.GetRequiredService<PostgresDatabase>(), AuditSearchLimits.IndexFirst));

/// <summary>A store under test whose audit record store (<paramref name="indexFirst"/>, with <see cref="AuditSearchLimits.IndexFirst"/>) never checks keywords row by row when the trigram index can answer.</summary>
public abstract class IndexFirstStorageUnderTest<TStorage>(Func<IServiceProvider, IAuditRecordStore> indexFirst) : IStorageUnderTest
    where TStorage : IStorageUnderTest, new()
{
    private readonly TStorage _storage = new();

    public Task PrepareAsync() => _storage.PrepareAsync();

    public void AddTo(IServiceCollection services)
    {
        _storage.AddTo(services);
        services.AddSingleton(indexFirst);
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _storage.DisposeAsync();
    }
}
