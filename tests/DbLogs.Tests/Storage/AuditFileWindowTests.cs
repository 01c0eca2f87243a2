using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Tests.Storage;

public sealed class SqliteAuditFileWindowTests : AuditFileWindowTests<SqliteStorageUnderTest>;

public sealed class PostgresAuditFileWindowTests : AuditFileWindowTests<PostgresStorageUnderTest>;

/// <summary>
/// ListAuditlogs' totals and deep pages (kept per hour by the store) against a count of the files by hand, after files
/// are cut, re-cut with another begin time, deleted by retention, and when a file ends before it begins.
/// </summary>
public abstract class AuditFileWindowTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private readonly Random _random = new(7);
    private readonly List<AuditLogFile> _files = [];

    private IMariadbAuditStore Audit => Store<IMariadbAuditStore>();

    [Fact]
    public async Task Totals_and_pages_of_any_window_match_the_files_through_cuts_re_cuts_and_deletes()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1", "n2");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        var other = await InstanceAsync(Engine.Mysql, "n1");
        var otherSource = await SourceAsync(other, "n1", LogKind.MariadbAudit);
        for (var i = 0; i < 300; i++)
        {
            await CutAsync(source, RandomFile($"f{i}", instance));
        }

        await Audit.CommitClosedFileAsync(RandomFile("theirs", other), otherSource.Id, "cutter", new StreamCursor(0, null));
        await AssertWindowsMatchAsync(instance);

        foreach (var file in _files.Take(40).ToList())
        {
            await CutAsync(source, file with { BeginTime = file.BeginTime.AddHours(-_random.Next(1, 30)) }); // re-cut: the begin moves
        }

        var expired = _files.Where(f => f.EndTime < T0.AddDays(1)).Select(f => f.Id).ToList();
        await Audit.DeleteFilesAsync(instance, expired);
        _files.RemoveAll(f => expired.Contains(f.Id));
        await AssertWindowsMatchAsync(instance);

        await CutAsync(source, RandomFile("inverted", instance) with { EndTime = T0.AddDays(1) - TimeSpan.FromMinutes(1), BeginTime = T0.AddDays(1) });
        await AssertWindowsMatchAsync(instance);
    }

    [Fact]
    public async Task An_instance_deleted_and_created_again_lists_no_file_of_its_past()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        await CutAsync(source, RandomFile("old", instance));
        var registry = Store<IRegistryStore>();
        var record = (await registry.GetInstanceAsync(instance))!;
        var nodes = await registry.ListNodesAsync(instance);

        await registry.DeleteInstanceAsync(instance);
        await registry.UpsertInstanceAsync(record, nodes);

        var list = await Audit.ListFilesAsync(instance, new TimeWindow(T0, T0.AddDays(4)), new Page(0, 50));
        Assert.Equal(0, list.Total);
        Assert.Empty(list.Items);
    }

    private AuditLogFile RandomFile(string id, string instance)
    {
        var begin = T0.AddMinutes(_random.Next(0, 4 * 24 * 60)).AddSeconds(_random.Next(0, 2) * 30);
        var node = _random.Next(2) == 0 ? "n1" : "n2";
        return new AuditLogFile(id, instance, node, $"1_{id}", 100, begin, begin.AddMinutes(_random.Next(0, 180)), _random.Next(1, 5));
    }

    private async Task CutAsync(SourceRecord source, AuditLogFile file)
    {
        await Audit.CommitClosedFileAsync(file, source.Id, "cutter", new StreamCursor(0, null));
        _files.RemoveAll(f => f.Id == file.Id);
        _files.Add(file);
    }

    private async Task AssertWindowsMatchAsync(string instance)
    {
        for (var i = 0; i < 40; i++)
        {
            var start = T0.AddMinutes(_random.Next(-300, 4 * 24 * 60)).AddMilliseconds(_random.Next(0, 2) * 500);
            var window = new TimeWindow(start, start.AddMinutes(i % 4 == 0 ? _random.Next(0, 120) : _random.Next(120, 3 * 24 * 60)));
            var expected = _files.Where(f => f.BeginTime <= window.End && f.EndTime >= window.Start)
                .OrderByDescending(f => f.BeginTime).ThenBy(f => f.NodeId, StringComparer.Ordinal).ThenByDescending(f => f.StreamSequence)
                .ThenBy(f => f.Id, StringComparer.Ordinal).Select(f => f.Id).ToList();
            foreach (var offset in new[] { 0, _random.Next(0, expected.Count + 1), Math.Max(0, expected.Count - 3), expected.Count + 5 })
            {
                var page = await Audit.ListFilesAsync(instance, window, new Page(offset, 7));
                Assert.Equal(expected.Count, page.Total);
                Assert.Equal(expected.Skip(offset).Take(7), page.Items.Select(f => f.Id));
            }
        }
    }
}
