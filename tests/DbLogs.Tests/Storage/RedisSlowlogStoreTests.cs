using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.RedisSlowlog;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Tests.Storage;

public sealed class SqliteRedisSlowlogStoreTests : RedisSlowlogStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresRedisSlowlogStoreTests : RedisSlowlogStoreTests<PostgresStorageUnderTest>;

public abstract class RedisSlowlogStoreTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private static readonly TimeWindow Day = new(T0, T0.AddDays(1));

    private IRedisSlowlogStore Slowlog => Store<IRedisSlowlogStore>();

    private static RedisSlowlogRecord Entry(long id, int second, long micros = 20_000) =>
        new(id, T0.AddSeconds(second), micros, $"DEBUG SLEEP {id}", "127.0.0.1:5000", "default");

    [Fact]
    public async Task An_entry_is_added_once_per_node_run_and_entry_id()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1", "n2");
        var source = await SourceAsync(instance, "n1", LogKind.RedisSlowlog);
        var run = new RedisSlowlogTarget(instance, "n1", "group-0", "master", "run-1");

        Assert.Equal(2, await Slowlog.AddAsync(run, [Entry(1, 1), Entry(2, 2)], source.Id, T0));
        Assert.Equal(1, await Slowlog.AddAsync(run, [Entry(2, 2), Entry(3, 3)], source.Id, T0));
        Assert.Equal(1, await Slowlog.AddAsync(run with { RunId = "run-2" }, [Entry(1, 4)], source.Id, T0));
        Assert.Equal(1, await Slowlog.AddAsync(run with { NodeId = "n2" }, [Entry(1, 5)], source.Id, T0));

        Assert.Equal(5, (await Slowlog.ListAsync(instance, Day, RedisSlowSortKey.StartTime, SortDirection.Descending, new Page(0, 10))).Total);
    }

    [Fact]
    public async Task Adding_marks_the_source_fed_and_keeps_its_newest_record_time()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.RedisSlowlog);
        var run = new RedisSlowlogTarget(instance, "n1", "group-0", "master", "run-1");

        await Slowlog.AddAsync(run, [Entry(1, 5), Entry(2, 3)], source.Id, T0.AddMinutes(1));
        await AssertFedAsync(T0.AddMinutes(1), T0.AddSeconds(5));

        await Slowlog.AddAsync(run, [], source.Id, T0.AddMinutes(2));
        await AssertFedAsync(T0.AddMinutes(2), T0.AddSeconds(5));

        await Slowlog.AddAsync(run, [Entry(3, 1)], source.Id, T0.AddMinutes(3));
        await AssertFedAsync(T0.AddMinutes(3), T0.AddSeconds(5));

        async Task AssertFedAsync(DateTimeOffset batchAt, DateTimeOffset lastTime)
        {
            var fed = await Store<ISourceStore>().GetSourceAsync(source.Id);
            Assert.Equal((batchAt, lastTime), (fed?.LastBatchAt, fed?.LastTime));
        }
    }

    [Fact]
    public async Task The_list_keeps_to_the_window_and_instance_and_sorts_by_time_or_duration()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1");
        var other = await InstanceAsync(Engine.Redis, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.RedisSlowlog);
        var run = new RedisSlowlogTarget(instance, "n1", "group-0", "replica", "run-1");
        await Slowlog.AddAsync(run, [Entry(1, 10, 300), Entry(2, 20, 100), Entry(3, 30, 200), Entry(4, -1, 900), Entry(5, 86_401, 900)], source.Id, T0);
        await Slowlog.AddAsync(run with { InstanceId = other }, [Entry(6, 15, 900)], source.Id, T0);

        var byTime = await Slowlog.ListAsync(instance, Day, RedisSlowSortKey.StartTime, SortDirection.Descending, new Page(0, 10));
        Assert.Equal(3, byTime.Total);
        Assert.Equal([3L, 2L, 1L], byTime.Items.Select(e => e.Id));
        Assert.Equal(new RedisSlowEntry(3, instance, "n1", "group-0", "replica", T0.AddSeconds(30), 200, "DEBUG SLEEP 3", "127.0.0.1:5000", "default", 0),
            byTime.Items[0]);

        var byDuration = await Slowlog.ListAsync(instance, Day, RedisSlowSortKey.Duration, SortDirection.Ascending, new Page(1, 1));
        Assert.Equal(3, byDuration.Total);
        Assert.Equal(3, Assert.Single(byDuration.Items).Id);
    }

    [Fact]
    public async Task A_resent_gap_is_recorded_once()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.RedisSlowlog);

        await Slowlog.AddGapOnceAsync(source.Id, new SourceGap(T0, "run-1:1-9", 9, "slowlog overflow"));
        await Slowlog.AddGapOnceAsync(source.Id, new SourceGap(T0.AddMinutes(1), "run-1:1-9", 9, "slowlog overflow"));
        await Slowlog.AddGapOnceAsync(source.Id, new SourceGap(T0.AddMinutes(2), "run-1:20-29", 10, "slowlog overflow"));

        var gaps = await Store<ISourceStore>().ListGapsAsync(source.Id);
        Assert.Equal(["run-1:1-9", "run-1:20-29"], gaps.Select(g => g.FilePath).Order());
        Assert.Equal(T0, gaps.Single(g => g.FilePath == "run-1:1-9").DetectedAt);
    }
}
