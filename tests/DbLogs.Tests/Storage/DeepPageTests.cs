using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.RedisSlowlog;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Tests.Storage;

public sealed class SqliteDeepPageTests : DeepPageTests<SqliteStorageUnderTest>;

public sealed class PostgresDeepPageTests : DeepPageTests<PostgresStorageUnderTest>;

/// <summary>
/// The slow log's and error log's pages, read from their indexes, are at every offset the rows a plain ordering of
/// everything gives (computed here): ties broken the same way, the window and the level kept.
/// </summary>
public abstract class DeepPageTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private const int PageSize = 7;
    private static readonly TimeWindow Window = new(T0, T0.AddHours(1));

    // Windows of a few hundred entries and of more than 10,000 (which SQLite reads from the order's index, not sorted).
    [Theory]
    [InlineData(RedisSlowSortKey.Duration, SortDirection.Descending, 60, 7)]
    [InlineData(RedisSlowSortKey.Duration, SortDirection.Ascending, 60, 7)]
    [InlineData(RedisSlowSortKey.StartTime, SortDirection.Descending, 60, 7)]
    [InlineData(RedisSlowSortKey.StartTime, SortDirection.Ascending, 60, 7)]
    [InlineData(RedisSlowSortKey.Duration, SortDirection.Descending, 3_500, 997)]
    [InlineData(RedisSlowSortKey.Duration, SortDirection.Ascending, 3_500, 997)]
    [InlineData(RedisSlowSortKey.StartTime, SortDirection.Descending, 3_500, 997)]
    [InlineData(RedisSlowSortKey.StartTime, SortDirection.Ascending, 3_500, 997)]
    public async Task Every_page_of_the_slow_log_is_the_plain_orderings_slice(RedisSlowSortKey key, SortDirection direction, int perRun, int pageSize)
    {
        var instance = await InstanceAsync(Engine.Redis, "n1", "n2", "n3");
        var other = await InstanceAsync(Engine.Redis, "n1");
        var random = new Random(5);
        var added = new List<RedisSlowEntry>();
        foreach (var (node, run) in new[] { ("n1", "run-a"), ("n1", "run-b"), ("n2", "run-a"), ("n3", "run-c") })
        {
            var source = await SourceAsync(instance, node, LogKind.RedisSlowlog);
            var target = new RedisSlowlogTarget(instance, node, "group-0", "master", run);
            // Few distinct durations and start times, so ties are everywhere; some entries fall outside the window.
            var entries = Enumerable.Range(0, perRun).Select(id => new RedisSlowlogRecord(id, T0.AddSeconds(random.Next(-60, 3660)),
                random.Next(1, 6) * 100, $"GET {node} {run} {id}", "127.0.0.1:5000", "default")).ToList();
            await Slowlog.AddAsync(target, entries, source.Id, T0);
            await Slowlog.AddAsync(target with { InstanceId = other }, entries, source.Id, T0);
            added.AddRange(entries.Where(e => e.StartTime >= Window.Start && e.StartTime <= Window.End).Select(e =>
                new RedisSlowEntry(e.EntryId, instance, node, "group-0", "master", e.StartTime, e.DurationMicros, e.Command, e.ClientIp, e.Username, 0)));
        }

        var expected = PlainOrder(added, key, direction);
        var listed = new List<RedisSlowEntry>();
        for (var offset = 0; offset < expected.Count + pageSize; offset += pageSize)
        {
            var page = await Slowlog.ListAsync(instance, Window, key, direction, new Page(offset, pageSize));
            Assert.Equal(expected.Count, page.Total);
            listed.AddRange(page.Items);
        }

        Assert.Equal(expected.Select(e => e.Command), listed.Select(e => e.Command));
        Assert.Equal(expected, listed);
        if (key == RedisSlowSortKey.StartTime && direction == SortDirection.Descending)
        {
            Assert.Equal(expected.Take(25), await Slowlog.LatestAsync(instance, Window, 25)); // the console's chart
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Warning")]
    [InlineData("ERROR")]
    public async Task Every_page_of_the_error_log_is_the_plain_orderings_slice(string? level)
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbError);
        var random = new Random(9);
        string[] levels = ["Note", "Warning", "ERROR"];
        var rows = Enumerable.Range(0, 300).Select(i => new ErrorLogRow(instance, "n1", i,
            new ErrorLogEntry(T0.AddMinutes(random.Next(-10, 70)), levels[random.Next(levels.Length)], $"entry {i}"))).ToList();
        await ErrorLogs.CommitAsync(source.Id, "errors", rows, new StreamCursor(rows.Count, null));

        // Newest first; entries of the same time in the reverse of their order in the log.
        var expected = rows.Select((r, i) => (r.Entry, i))
            .Where(r => r.Entry.Time >= Window.Start && r.Entry.Time <= Window.End && (level is null || r.Entry.Level == level))
            .OrderByDescending(r => r.Entry.Time).ThenByDescending(r => r.i).Select(r => r.Entry).ToList();
        var listed = new List<ErrorLogEntry>();
        for (var offset = 0; offset < expected.Count + PageSize; offset += PageSize)
        {
            var page = await ErrorLogs.ListAsync(instance, Window, level, new Page(offset, PageSize));
            Assert.Equal(expected.Count, page.Total);
            listed.AddRange(page.Items);
        }

        Assert.Equal(expected, listed);
    }

    private IRedisSlowlogStore Slowlog => Store<IRedisSlowlogStore>();

    private IMariadbErrorStore ErrorLogs => Store<IMariadbErrorStore>();

    // The documented order: the key in the asked direction, ties by node and run, then the entry id in the key's direction.
    private static List<RedisSlowEntry> PlainOrder(List<RedisSlowEntry> entries, RedisSlowSortKey key, SortDirection direction)
    {
        Func<RedisSlowEntry, long> by = key == RedisSlowSortKey.Duration ? e => e.DurationMicros : e => e.StartTime.ToUnixTimeMilliseconds();
        var sorted = direction == SortDirection.Ascending ? entries.OrderBy(by) : entries.OrderByDescending(by);
        sorted = sorted.ThenBy(e => e.NodeId, StringComparer.Ordinal).ThenBy(e => RunOf(e), StringComparer.Ordinal);
        return [.. direction == SortDirection.Ascending ? sorted.ThenBy(e => e.Id) : sorted.ThenByDescending(e => e.Id)];
    }

    private static string RunOf(RedisSlowEntry entry) => entry.Command.Split(' ')[2];
}
