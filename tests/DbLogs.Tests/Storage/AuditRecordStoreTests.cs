using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Tests.Storage;

public sealed class SqliteAuditRecordStoreTests : AuditRecordStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresAuditRecordStoreTests : AuditRecordStoreTests<PostgresStorageUnderTest>;

public abstract class AuditRecordStoreTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private IAuditRecordStore Records => Store<IAuditRecordStore>();

    private static AuditRecord Record(int second, string? query, string user = "app", string operation = "QUERY", string? statementClass = "DML",
        int returnCode = 0, string database = "shop") =>
        new(T0.AddSeconds(second), 60, "db1", user, "10.0.0.7", 42, second, operation, database, query is null ? "items" : null, query, returnCode,
            statementClass);

    private static AuditRecordQuery Day(string instance) => new(instance, T0, T0.AddDays(1));

    [Fact]
    public async Task Rows_commit_with_the_cursor_once_and_come_back_newest_first_with_every_field()
    {
        var (instance, source) = await AuditSourceAsync("n1");
        await Records.CommitAsync(source.Id, "records", [new(instance, "n1", 0, Record(1, "SELECT 1")), new(instance, "n1", 50, Record(2, null, operation: "READ"))],
            new StreamCursor(100, "s"));
        await Records.CommitAsync(source.Id, "records", [new(instance, "n1", 50, Record(2, null, operation: "READ")), new(instance, "n1", 100, Record(3, "x"))],
            new StreamCursor(150, null));

        Assert.Equal(new StreamCursor(150, null), await Records.GetCursorAsync(source.Id, "records"));
        var found = await Records.SearchAsync(Day(instance), new Page(0, 10));
        Assert.Equal(3, found.Total);
        Assert.Equal(["x", "", "SELECT 1"], found.Items.Select(h => h.Record.Query ?? ""));
        Assert.Equal(Record(2, null, operation: "READ"), found.Items[1].Record);
        Assert.All(found.Items, h => Assert.Equal("n1", h.NodeId));
        Assert.All(found.Items, h => Assert.Null(h.AuditFileId));
    }

    [Fact]
    public async Task Keywords_are_literal_case_insensitive_substrings_that_must_all_match()
    {
        var (instance, source) = await AuditSourceAsync("n1");
        string[] queries =
        [
            "SELECT * FROM t WHERE a LIKE '50%_off'", "SELECT 500 FROM t", "UPDATE O'Brien SET x = 'C:\\temp'", "select \"quoted\" from Grüße",
            "DELETE FROM logs", "SELECT a OR b FROM t",
        ];
        await Records.CommitAsync(source.Id, "records", [.. queries.Select((q, i) => new AuditRecordRow(instance, "n1", i * 100, Record(i, q)))],
            new StreamCursor(1000, null));

        async Task<string[]> Search(params string[] keywords) =>
            [.. (await Records.SearchAsync(Day(instance) with { Keywords = keywords }, new Page(0, 10))).Items.Select(h => h.Record.Query ?? "").Reverse()];

        Assert.Equal([queries[0]], await Search("50%_"));
        Assert.Equal([queries[0]], await Search("%"));
        Assert.Equal([queries[0]], await Search("_"));
        Assert.Equal([queries[2]], await Search("o'brien"));
        Assert.Equal([queries[0], queries[2]], await Search("'"));
        Assert.Equal([queries[2]], await Search("\\"));
        Assert.Equal([queries[2]], await Search("c:\\TEMP"));
        Assert.Equal([queries[3]], await Search("\"quoted\""));
        Assert.Equal([queries[3]], await Search("GRÜSSE".ToLowerInvariant().Replace("ss", "ß", StringComparison.Ordinal)));
        Assert.Equal([queries[0], queries[1]], await Search("select", "50"));
        Assert.Equal([queries[5]], await Search("a OR b"));
        Assert.Equal([queries[5]], await Search("OR", "a o"));
        Assert.Empty(await Search("') OR 1=1 --"));
        Assert.Empty(await Search("\" OR \""));
        Assert.Empty(await Search(new string('x', 1000)));
        Assert.Empty(await Search("NEAR(a b)", "*"));
    }

    [Fact]
    public async Task Filters_combine_and_keep_to_the_window_node_and_instance()
    {
        var (instance, n1) = await AuditSourceAsync("n1", "n2");
        var n2 = await SourceAsync(instance, "n2", LogKind.MariadbAudit);
        var (other, otherSource) = await AuditSourceAsync("n1");
        await Records.CommitAsync(n1.Id, "records",
        [
            new(instance, "n1", 0, Record(-1, "SELECT before")),
            new(instance, "n1", 1, Record(0, "SELECT at start", user: "root")),
            new(instance, "n1", 2, Record(10, "CREATE TABLE t (a INT)", statementClass: "DDL", returnCode: 1050)),
            new(instance, "n1", 3, Record(20, null, operation: "CONNECT", statementClass: null, database: "")),
            new(instance, "n1", 4, Record(86_401, "SELECT after")),
        ], new StreamCursor(5, null));
        await Records.CommitAsync(n2.Id, "records", [new(instance, "n2", 0, Record(30, "SELECT on n2", user: "root"))], new StreamCursor(1, null));
        await Records.CommitAsync(otherSource.Id, "records", [new(other, "n1", 0, Record(30, "SELECT elsewhere"))], new StreamCursor(1, null));

        async Task<string[]> Search(AuditRecordQuery q) =>
            [.. (await Records.SearchAsync(q, new Page(0, 10))).Items.Select(h => h.Record.Query ?? h.Record.Operation)];

        var day = Day(instance);
        Assert.Equal(["SELECT on n2", "CONNECT", "CREATE TABLE t (a INT)", "SELECT at start"], await Search(day));
        Assert.Equal(["SELECT on n2", "SELECT at start"], await Search(day with { User = "root" }));
        Assert.Equal(["SELECT on n2"], await Search(day with { User = "root", NodeId = "n2" }));
        Assert.Equal(["CREATE TABLE t (a INT)"], await Search(day with { ReturnCode = 1050 }));
        Assert.Equal(["CONNECT", "CREATE TABLE t (a INT)"], await Search(day with { Operations = ["CONNECT"], Classes = ["DDL"] }));
        Assert.Equal(["CONNECT"], await Search(day with { Database = "" }));
        Assert.Empty(await Search(day with { User = "root", Keywords = ["CREATE"] }));
        Assert.Empty(await Search(day with { NodeId = "n3" }));

        var page = await Records.SearchAsync(day, new Page(1, 2));
        Assert.Equal(4, page.Total);
        Assert.Equal(["CONNECT", "CREATE"], page.Items.Select(h => h.Record.Operation == "CONNECT" ? "CONNECT" : "CREATE"));
    }

    [Fact]
    public async Task A_record_links_to_the_closed_file_whose_range_holds_it_and_goes_with_that_file()
    {
        var (instance, source) = await AuditSourceAsync("n1");
        await Records.CommitAsync(source.Id, "records",
            [new(instance, "n1", 0, Record(1, "first")), new(instance, "n1", 100, Record(2, "second")), new(instance, "n1", 200, Record(3, "open"))],
            new StreamCursor(300, null));
        var audit = Store<IMariadbAuditStore>();
        foreach (var (id, start, end) in new[] { ("f1", 0L, 100L), ("f2", 100L, 200L) })
        {
            var file = new AuditLogFile(id, instance, "n1", id, end - start, T0, T0.AddSeconds(2), 1) { Range = new StreamRange(start, end) };
            await audit.CommitClosedFileAsync(file, source.Id, "cutter", new StreamCursor(end, null));
        }

        var hits = (await Records.SearchAsync(Day(instance), new Page(0, 10))).Items;
        Assert.Equal(["", "f2", "f1"], hits.Select(h => h.AuditFileId ?? ""));

        Assert.Equal(1, await Records.DeleteInFilesAsync(instance, ["f1"]));
        Assert.Equal(["open", "second"], (await Records.SearchAsync(Day(instance) with { Keywords = ["e"] }, new Page(0, 10))).Items.Select(h => h.Record.Query ?? ""));
        Assert.Empty((await Records.SearchAsync(Day(instance) with { Keywords = ["first"] }, new Page(0, 10))).Items);
    }
}
