using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbSlow;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Tests.Storage;

public sealed class SqliteSlowLogWindowTests : SlowLogWindowTests<SqliteStorageUnderTest>;

public sealed class PostgresSlowLogWindowTests : SlowLogWindowTests<PostgresStorageUnderTest>;

/// <summary>
/// ListSlowLogs' totals (kept per hour and type by the store) and pages against a count of the rows by hand, for windows
/// shorter and longer than an hour, with and without a type, as rows arrive and after a replayed batch.
/// </summary>
public abstract class SlowLogWindowTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private static readonly string[] Types = ["SELECT", "SELECT", "UPDATE", "INSERT", "DELETE"];
    private readonly Random _random = new(11);
    private readonly List<(long Offset, MariadbSlowEntry Entry)> _rows = [];

    private IMariadbSlowStore SlowLogs => Store<IMariadbSlowStore>();

    [Fact]
    public async Task Totals_and_pages_of_any_window_and_type_match_the_rows()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbSlow);
        var other = await InstanceAsync(Engine.Mysql, "n1");
        var otherSource = await SourceAsync(other, "n1", LogKind.MariadbSlow);
        await SlowLogs.CommitAsync(otherSource.Id, "slow", [new SlowLogRow(other, "n1", 0, Entry())], new StreamCursor(1, null));
        for (var batch = 0; batch < 3; batch++)
        {
            var rows = Enumerable.Range(_rows.Count, 200).Select(offset => (Offset: (long)offset, Entry: Entry())).ToList();
            _rows.AddRange(rows);
            var replayed = rows.Concat(_rows.Take(20)); // a replayed batch: its rows are already stored and must not count twice
            await SlowLogs.CommitAsync(source.Id, "slow", [.. replayed.Select(r => new SlowLogRow(instance, "n1", r.Offset, r.Entry))],
                new StreamCursor(_rows.Count, null));
            await AssertWindowsMatchAsync(instance);
        }
    }

    private MariadbSlowEntry Entry() =>
        new(T0.AddSeconds(_random.Next(-3600, 3 * 24 * 3600)).AddMilliseconds(_random.Next(0, 1000)), 1, 0, 1, 1, "shop", "app", "10.0.0.1",
            $"q{_random.Next(1000)}", Types[_random.Next(Types.Length)]);

    private async Task AssertWindowsMatchAsync(string instance)
    {
        for (var i = 0; i < 30; i++)
        {
            var start = T0.AddSeconds(_random.Next(-7200, 3 * 24 * 3600)).AddMilliseconds(_random.Next(0, 2) * 999);
            var window = new TimeWindow(start, start.AddMinutes(i % 3 == 0 ? _random.Next(0, 120) : _random.Next(120, 3 * 24 * 60)));
            string? type = i % 2 == 0 ? null : Types[_random.Next(Types.Length)];
            var expected = _rows.Where(r => r.Entry.StartTime >= window.Start && r.Entry.StartTime <= window.End && (type is null || r.Entry.Type == type))
                .OrderByDescending(r => r.Entry.StartTime).ThenByDescending(r => r.Offset).Select(r => r.Entry.QuerySample).ToList();
            var offset = _random.Next(0, expected.Count + 1);
            var page = await SlowLogs.ListAsync(instance, window, type, new Page(offset, 10));
            Assert.Equal(expected.Count, page.Total);
            Assert.Equal(expected.Skip(offset).Take(10), page.Items.Select(e => e.QuerySample));
        }
    }
}
