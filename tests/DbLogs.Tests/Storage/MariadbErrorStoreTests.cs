using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Tests.Storage;

public sealed class SqliteMariadbErrorStoreTests : MariadbErrorStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresMariadbErrorStoreTests : MariadbErrorStoreTests<PostgresStorageUnderTest>;

public abstract class MariadbErrorStoreTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private static readonly TimeWindow Day = new(T0, T0.AddDays(1));

    private IMariadbErrorStore ErrorLogs => Store<IMariadbErrorStore>();

    [Fact]
    public async Task Rows_and_the_cursor_commit_together_and_a_replayed_offset_is_skipped()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbError);

        await ErrorLogs.CommitAsync(source.Id, "errors", [Row(0, 1, "first"), Row(100, 2, "second")], new StreamCursor(200, "s1"));
        Assert.Equal(new StreamCursor(200, "s1"), await Store<ISourceStore>().GetCursorAsync(source.Id, "errors"));

        await ErrorLogs.CommitAsync(source.Id, "errors", [Row(100, 2, "second"), Row(200, 3, "third")], new StreamCursor(300, "s2"));
        Assert.Equal(new StreamCursor(300, "s2"), await Store<ISourceStore>().GetCursorAsync(source.Id, "errors"));

        var list = await ErrorLogs.ListAsync(instance, Day, null, new Page(0, 10));
        Assert.Equal(3, list.Total);
        Assert.Equal(["third", "second", "first"], list.Items.Select(e => e.Content));

        ErrorLogRow Row(long offset, int second, string content) => new(instance, "n1", offset, new ErrorLogEntry(T0.AddSeconds(second), "Warning", content));
    }

    [Fact]
    public async Task The_list_is_newest_first_within_the_window_and_instance_and_filters_by_level()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var other = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbError);
        var otherSource = await SourceAsync(other, "n1", LogKind.MariadbError);
        await ErrorLogs.CommitAsync(source.Id, "errors",
        [
            Row(instance, 0, T0.AddSeconds(-1), "Note", "before"),
            Row(instance, 1, T0, "Note", "at start"),
            Row(instance, 2, T0.AddHours(1), "Warning", "same second, earlier"),
            Row(instance, 3, T0.AddHours(1), "Note", "same second, later"),
            Row(instance, 4, T0.AddDays(1), "ERROR", "at end"),
            Row(instance, 5, T0.AddDays(1).AddMilliseconds(1), "ERROR", "after"),
        ], new StreamCursor(6, null));
        await ErrorLogs.CommitAsync(otherSource.Id, "errors", [Row(other, 0, T0.AddHours(1), "Note", "another instance")], new StreamCursor(1, null));

        var all = await ErrorLogs.ListAsync(instance, Day, null, new Page(0, 10));
        Assert.Equal(4, all.Total);
        Assert.Equal(["at end", "same second, later", "same second, earlier", "at start"], all.Items.Select(e => e.Content));
        Assert.Equal(new ErrorLogEntry(T0.AddDays(1), "ERROR", "at end"), all.Items[0]);

        var notes = await ErrorLogs.ListAsync(instance, Day, "Note", new Page(1, 1));
        Assert.Equal(2, notes.Total);
        Assert.Equal("at start", Assert.Single(notes.Items).Content);

        static ErrorLogRow Row(string instanceId, long offset, DateTimeOffset time, string level, string content) =>
            new(instanceId, "n1", offset, new ErrorLogEntry(time, level, content));
    }
}
