using DbLogs.Core.Paging;
using DbLogs.Storage.RedisRun;
using DbLogs.Storage.Registry;

namespace DbLogs.Tests.Storage;

public sealed class SqliteRedisRunStoreTests : RedisRunStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresRedisRunStoreTests : RedisRunStoreTests<PostgresStorageUnderTest>;

public abstract class RedisRunStoreTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private static readonly DateOnly Day = new(2024, 3, 1);

    private IRedisRunStore RunLogs => Store<IRedisRunStore>();

    [Fact]
    public async Task Begin_creates_a_collecting_entry_and_a_day_collected_again_keeps_its_id()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1");

        Assert.Equal("a", await RunLogs.BeginAsync("a", instance, "n1", "group-0", "10.0.0.1", Day, T0));
        Assert.Equal(new RunLogFile("a", instance, "n1", "group-0", "10.0.0.1", Day, RunLogStatus.Collecting, 0, T0),
            await RunLogs.GetAsync(instance, "a"));

        await RunLogs.FinishAsync("a", RunLogStatus.Succeed, 42, T0.AddMinutes(1));
        Assert.Equal(new RunLogFile("a", instance, "n1", "group-0", "10.0.0.1", Day, RunLogStatus.Succeed, 42, T0.AddMinutes(1)),
            await RunLogs.GetAsync(instance, "a"));

        Assert.Equal("a", await RunLogs.BeginAsync("b", instance, "n1", "group-1", "10.0.0.2", Day, T0.AddMinutes(2)));
        var again = await RunLogs.GetAsync(instance, "a");
        Assert.Equal((RunLogStatus.Collecting, "group-1", "10.0.0.2", T0.AddMinutes(2)), (again?.Status, again?.GroupName, again?.ReplicationIp, again?.CollectedAt));
        Assert.Null(await RunLogs.GetAsync(instance, "b"));
        Assert.Equal(1, (await RunLogs.ListAsync(instance, null, new Page(0, 10))).Total);
    }

    [Fact]
    public async Task An_entry_is_found_only_in_its_own_instance()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1");
        var other = await InstanceAsync(Engine.Redis, "n1");
        await RunLogs.BeginAsync("a", instance, "n1", "group-0", "10.0.0.1", Day, T0);

        Assert.NotNull(await RunLogs.GetAsync(instance, "a"));
        Assert.Null(await RunLogs.GetAsync(other, "a"));
        Assert.Equal(0, (await RunLogs.ListAsync(other, null, new Page(0, 10))).Total);
    }

    [Fact]
    public async Task The_list_is_newest_day_first_then_by_group_and_replica_and_counts_every_match()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1", "n2", "n3");
        await RunLogs.BeginAsync("old", instance, "n1", "group-0", "10.0.0.1", Day.AddDays(-1), T0);
        await RunLogs.BeginAsync("g1", instance, "n2", "group-1", "10.0.0.2", Day, T0);
        await RunLogs.BeginAsync("g0", instance, "n1", "group-0", "10.0.0.1", Day, T0);
        await RunLogs.BeginAsync("new", instance, "n3", "group-0", "10.0.0.3", Day.AddDays(1), T0);
        await RunLogs.BeginAsync("g0b", instance, "n3", "group-0", "10.0.0.3", Day, T0);

        var all = await RunLogs.ListAsync(instance, null, new Page(0, 10));
        Assert.Equal(5, all.Total);
        Assert.Equal(["new", "g0", "g0b", "g1", "old"], all.Items.Select(f => f.Id));

        var page = await RunLogs.ListAsync(instance, null, new Page(1, 2));
        Assert.Equal(5, page.Total);
        Assert.Equal(["g0", "g0b"], page.Items.Select(f => f.Id));

        var replica = await RunLogs.ListAsync(instance, "n1", new Page(0, 10));
        Assert.Equal(2, replica.Total);
        Assert.Equal(["g0", "old"], replica.Items.Select(f => f.Id));
    }

    [Fact]
    public async Task Delete_removes_the_entry_from_the_list_and_its_count()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1");
        await RunLogs.BeginAsync("a", instance, "n1", "group-0", "10.0.0.1", Day, T0);
        await RunLogs.BeginAsync("b", instance, "n1", "group-0", "10.0.0.1", Day.AddDays(-1), T0);

        Assert.True(await RunLogs.DeleteAsync("a"));
        Assert.False(await RunLogs.DeleteAsync("a"));

        var list = await RunLogs.ListAsync(instance, null, new Page(0, 10));
        Assert.Equal(1, list.Total);
        Assert.Equal("b", Assert.Single(list.Items).Id);
        Assert.Null(await RunLogs.GetAsync(instance, "a"));
    }

    [Fact]
    public async Task Retention_lists_only_finished_entries_collected_before_the_cutoff()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1");
        await RunLogs.BeginAsync("old", instance, "n1", "group-0", "10.0.0.1", Day.AddDays(-2), T0);
        await RunLogs.FinishAsync("old", RunLogStatus.Succeed, 1, T0);
        await RunLogs.BeginAsync("failed", instance, "n1", "group-0", "10.0.0.1", Day.AddDays(-1), T0);
        await RunLogs.FinishAsync("failed", RunLogStatus.Failed, 0, T0);
        await RunLogs.BeginAsync("busy", instance, "n1", "group-0", "10.0.0.1", Day, T0);
        await RunLogs.BeginAsync("fresh", instance, "n1", "group-0", "10.0.0.1", Day.AddDays(1), T0.AddHours(2));
        await RunLogs.FinishAsync("fresh", RunLogStatus.Succeed, 1, T0.AddHours(2));

        var expired = await RunLogs.ListCollectedBeforeAsync(T0.AddHours(1));

        Assert.Equal(["failed", "old"], expired.Select(f => f.Id).Order());
    }

    [Fact]
    public async Task Entries_still_collecting_are_listed_and_the_finished_ones_not()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1", "n2");
        await RunLogs.BeginAsync("busy", instance, "n1", "group-0", "10.0.0.1", Day, T0);
        await RunLogs.BeginAsync("done", instance, "n2", "group-0", "10.0.0.2", Day, T0);
        await RunLogs.FinishAsync("done", RunLogStatus.Succeed, 7, T0);

        Assert.Equal([new RunLogFile("busy", instance, "n1", "group-0", "10.0.0.1", Day, RunLogStatus.Collecting, 0, T0)], await RunLogs.ListCollectingAsync());

        await RunLogs.FinishAsync("busy", RunLogStatus.Failed, 0, T0.AddHours(1));
        Assert.Empty(await RunLogs.ListCollectingAsync());
    }

    [Fact]
    public async Task Deep_pages_equal_the_same_slice_of_the_whole_list_across_inserts_deletions_and_regrouping()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1", "n2", "n3");
        var entries = new List<RunLogFile>();
        async Task AddAsync(string node, string group, DateOnly day)
        {
            var id = await RunLogs.BeginAsync(Guid.NewGuid().ToString(), instance, node, group, "10.0.0.1", day, T0);
            entries.RemoveAll(e => e.Id == id);
            entries.Add(new RunLogFile(id, instance, node, group, "10.0.0.1", day, RunLogStatus.Collecting, 0, T0));
        }

        for (var d = 0; d < 800; d++)
        {
            foreach (var node in new[] { "n1", "n2", "n3" })
            {
                await AddAsync(node, node == "n3" ? "group-0" : "group-1", Day.AddDays(-d));
            }
        }

        await AssertPagesAsync(instance, entries);
        foreach (var gone in entries.Where((_, i) => i % 97 == 0).ToList())
        {
            Assert.True(await RunLogs.DeleteAsync(gone.Id));
            entries.Remove(gone);
        }

        await AddAsync("n1", "group-1", Day.AddDays(1));
        await AddAsync("n2", "group-1", Day.AddDays(-1000));
        await AddAsync("n1", "group-9", Day.AddDays(-500)); // the same day collected again under another group moves in the list
        await AssertPagesAsync(instance, entries);
    }

    private async Task AssertPagesAsync(string instance, List<RunLogFile> entries)
    {
        foreach (var replica in new[] { null, "n2" })
        {
            var expected = entries.Where(e => replica is null || e.ReplicationId == replica)
                .OrderByDescending(e => e.Day).ThenBy(e => e.GroupName, StringComparer.Ordinal).ThenBy(e => e.ReplicationId, StringComparer.Ordinal)
                .Select(e => e.Id).ToList();
            foreach (var offset in new[] { 0, 999, 1000, 1001, 1500, 1999, 2000, expected.Count - 3, expected.Count, 5000 })
            {
                var page = await RunLogs.ListAsync(instance, replica, new Page(offset, 7));
                Assert.Equal(expected.Count, page.Total);
                Assert.Equal(expected.Skip(offset).Take(7), page.Items.Select(f => f.Id));
            }
        }
    }
}
