using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbSlow;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Tests.Storage;

public sealed class SqliteMariadbSlowStoreTests : MariadbSlowStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresMariadbSlowStoreTests : MariadbSlowStoreTests<PostgresStorageUnderTest>;

public abstract class MariadbSlowStoreTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private static readonly TimeWindow Day = new(T0, T0.AddDays(1));

    private IMariadbSlowStore SlowLogs => Store<IMariadbSlowStore>();

    private static MariadbSlowEntry Entry(int second, double queryTime, string sample, string type = "SELECT", string database = "shop") =>
        new(T0.AddSeconds(second), queryTime, 0.25, 2, 20, database, "app[app] @ web", "192.168.0.1", sample, type);

    [Fact]
    public async Task Rows_and_the_cursor_commit_together_and_a_replayed_offset_is_skipped()
    {
        var (instance, source) = await SourceAsync();

        await SlowLogs.CommitAsync(source.Id, "slow", [Row(instance, 0, Entry(1, 1, "a")), Row(instance, 100, Entry(2, 1, "b"))], new StreamCursor(200, "s1"));
        Assert.Equal(new StreamCursor(200, "s1"), await Store<ISourceStore>().GetCursorAsync(source.Id, "slow"));

        await SlowLogs.CommitAsync(source.Id, "slow", [Row(instance, 100, Entry(2, 1, "b")), Row(instance, 200, Entry(3, 1, "c"))], new StreamCursor(300, null));
        Assert.Equal(new StreamCursor(300, null), await Store<ISourceStore>().GetCursorAsync(source.Id, "slow"));

        var list = await SlowLogs.ListAsync(instance, Day, null, new Page(0, 10));
        Assert.Equal(3, list.Total);
        Assert.Equal(["c", "b", "a"], list.Items.Select(e => e.QuerySample));
    }

    [Fact]
    public async Task The_list_is_newest_first_within_the_window_and_instance_and_filters_by_type()
    {
        var (instance, source) = await SourceAsync();
        var (other, otherSource) = await SourceAsync();
        await SlowLogs.CommitAsync(source.Id, "slow",
        [
            Row(instance, 0, Entry(-1, 1, "before")),
            Row(instance, 1, Entry(0, 1, "at start")),
            Row(instance, 2, Entry(60, 1.5, "update", "UPDATE")),
            Row(instance, 3, Entry(60, 2, "same second, later")),
            Row(instance, 4, Entry(86_400, 1, "at end")),
            Row(instance, 5, Entry(86_401, 1, "after")),
        ], new StreamCursor(6, null));
        await SlowLogs.CommitAsync(otherSource.Id, "slow", [Row(other, 0, Entry(60, 1, "another instance"))], new StreamCursor(1, null));

        var all = await SlowLogs.ListAsync(instance, Day, null, new Page(0, 10));
        Assert.Equal(4, all.Total);
        Assert.Equal(["at end", "same second, later", "update", "at start"], all.Items.Select(e => e.QuerySample));
        Assert.Equal(Entry(60, 1.5, "update", "UPDATE"), all.Items[2]);

        var selects = await SlowLogs.ListAsync(instance, Day, "SELECT", new Page(1, 2));
        Assert.Equal(3, selects.Total);
        Assert.Equal(["same second, later", "at start"], selects.Items.Select(e => e.QuerySample));
    }

    [Fact]
    public async Task Statistics_group_by_statement_and_database_most_frequent_or_longest_first()
    {
        var (instance, source) = await SourceAsync();
        await SlowLogs.CommitAsync(source.Id, "slow",
        [
            Row(instance, 0, Entry(1, 1, "SELECT N")),
            Row(instance, 1, Entry(2, 2, "SELECT N")),
            Row(instance, 2, Entry(3, 4, "SELECT N", database: "other")),
            Row(instance, 3, Entry(4, 10, "UPDATE t", "UPDATE")),
            Row(instance, 4, Entry(86_401, 100, "SELECT N")),
        ], new StreamCursor(5, null));

        var byCount = await SlowLogs.ListStatisticsAsync(instance, Day, null, false, new Page(0, 10));
        Assert.Equal(3, byCount.Total);
        Assert.Equal(new MariadbSlowStatistic(2, 3, 0.5, 4, 40, "shop", "app[app] @ web", "192.168.0.1", "SELECT N", "SELECT"), byCount.Items[0]);

        var byTime = await SlowLogs.ListStatisticsAsync(instance, Day, null, true, new Page(0, 10));
        Assert.Equal([("UPDATE t", "shop"), ("SELECT N", "other"), ("SELECT N", "shop")], byTime.Items.Select(s => (s.QuerySample, s.Database)));

        var updates = await SlowLogs.ListStatisticsAsync(instance, Day, "UPDATE", false, new Page(0, 10));
        Assert.Equal((1, 10.0), (updates.Total, Assert.Single(updates.Items).TotalQueryTimeSeconds));

        var beyond = await SlowLogs.ListStatisticsAsync(instance, Day, null, false, new Page(3, 10));
        Assert.Equal(3, beyond.Total);
        Assert.Empty(beyond.Items);
    }

    private async Task<(string Instance, SourceRecord Source)> SourceAsync()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        return (instance, await SourceAsync(instance, "n1", LogKind.MariadbSlow));
    }

    private static SlowLogRow Row(string instanceId, long offset, MariadbSlowEntry entry) => new(instanceId, "n1", offset, entry);
}
