using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Tests.Storage;

public sealed class SqliteMariadbAuditStoreTests : MariadbAuditStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresMariadbAuditStoreTests : MariadbAuditStoreTests<PostgresStorageUnderTest>;

public abstract class MariadbAuditStoreTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private IMariadbAuditStore Audit => Store<IMariadbAuditStore>();

    private static AuditLogFile File(string id, string instance, DateTimeOffset begin, TimeSpan length, string node = "n1", long sequence = 1) =>
        new(id, instance, node, $"{sequence}_{id}", 100, begin, begin + length, sequence);

    [Fact]
    public async Task A_closed_file_and_the_cutters_cursor_commit_together_and_a_retry_replaces_the_row()
    {
        var (instance, source) = await SourceAsync();
        var file = File("a", instance, T0, TimeSpan.FromMinutes(5));

        await Audit.CommitClosedFileAsync(file, source.Id, "cutter", new StreamCursor(100, "s1"));
        Assert.Equal([file], await Audit.GetFilesAsync(instance, ["a"]));
        Assert.Equal(new StreamCursor(100, "s1"), await Store<ISourceStore>().GetCursorAsync(source.Id, "cutter"));

        var retried = file with { Name = "2_a", SizeBytes = 120, EndTime = T0.AddMinutes(6), StreamSequence = 2 };
        await Audit.CommitClosedFileAsync(retried, source.Id, "cutter", new StreamCursor(120, "s2"));
        Assert.Equal([retried], await Audit.GetFilesAsync(instance, ["a"]));
        Assert.Equal(new StreamCursor(120, "s2"), await Store<ISourceStore>().GetCursorAsync(source.Id, "cutter"));
    }

    [Fact]
    public async Task Files_overlapping_the_window_are_listed_newest_first_then_by_node_and_stream_order()
    {
        var (instance, source) = await SourceAsync();
        var (other, otherSource) = await SourceAsync();
        var hour = TimeSpan.FromHours(1);
        await CommitAsync(source,
            File("before", instance, T0 - 2 * hour, hour),
            File("overlaps-start", instance, T0 - TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(40)),
            File("n1-3", instance, T0 + hour, hour, "n1", 3),
            File("n1-4", instance, T0 + hour, TimeSpan.FromMinutes(5), "n1", 4),
            File("n2-1", instance, T0 + hour, hour, "n2", 1),
            File("after", instance, T0 + 25 * hour, hour));
        await CommitAsync(otherSource, File("another instance", other, T0 + hour, hour));
        var day = new TimeWindow(T0, T0.AddDays(1));

        var all = await Audit.ListFilesAsync(instance, day, new Page(0, 10));
        Assert.Equal(4, all.Total);
        Assert.Equal(["n1-4", "n1-3", "n2-1", "overlaps-start"], all.Items.Select(f => f.Id));

        var page = await Audit.ListFilesAsync(instance, day, new Page(1, 2));
        Assert.Equal(4, page.Total);
        Assert.Equal(["n1-3", "n2-1"], page.Items.Select(f => f.Id));
    }

    [Fact]
    public async Task Files_are_got_listed_and_deleted_only_within_their_instance()
    {
        var (instance, source) = await SourceAsync();
        var (other, otherSource) = await SourceAsync();
        await CommitAsync(source, File("old", instance, T0 - TimeSpan.FromDays(2), TimeSpan.FromHours(1)), File("new", instance, T0, TimeSpan.FromHours(1)));
        await CommitAsync(otherSource, File("theirs", other, T0 - TimeSpan.FromDays(2), TimeSpan.FromHours(1)));

        Assert.Equal(["new", "old"], (await Audit.GetFilesAsync(instance, ["old", "new", "theirs", "unknown"])).Select(f => f.Id).Order());
        Assert.Equal(["old"], (await Audit.ListFilesEndedBeforeAsync(instance, T0)).Select(f => f.Id));
        Assert.Equal(["new", "old"], (await Audit.ListFilesEndedBeforeAsync(instance, null)).Select(f => f.Id).Order());

        await Audit.DeleteFilesAsync(instance, ["old", "theirs"]);

        Assert.Equal(["new"], (await Audit.ListFilesEndedBeforeAsync(instance, null)).Select(f => f.Id));
        Assert.Equal(["theirs"], (await Audit.ListFilesEndedBeforeAsync(other, null)).Select(f => f.Id));
    }

    [Fact]
    public async Task A_policy_change_is_stored_only_over_the_version_it_was_based_on()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var other = await InstanceAsync(Engine.Mysql, "n1");
        Assert.Null(await Audit.GetDesiredAsync(instance));

        var first = await Audit.RequestAsync(instance, 0, 7, ["SELECT"], true, T0);
        Assert.Equal(1, first?.Version);
        Assert.Null(await Audit.RequestAsync(instance, 0, 3, ["INSERT"], false, T0.AddMinutes(1)));
        Assert.Null(await Audit.RequestAsync(instance, 2, 3, ["INSERT"], false, T0.AddMinutes(1)));
        await Audit.RequestAsync(instance, 1, 3, ["INSERT", "UPDATE"], false, T0.AddMinutes(2));
        await Audit.RequestAsync(other, 0, 1, [], true, T0);

        var desired = await Audit.GetDesiredAsync(instance);
        Assert.Equal((instance, 2L, 3, false, T0.AddMinutes(2)), (desired?.InstanceId, desired?.Version, desired?.KeepDays, desired?.ReserveAuditLogs, desired?.RequestedAt));
        Assert.Equal(["INSERT", "UPDATE"], desired?.AuditTypes ?? []);
        Assert.Equal(new Dictionary<string, long> { [instance] = 2, [other] = 1 }, (await Audit.ListDesiredAsync()).ToDictionary(d => d.InstanceId, d => d.Version));
    }

    [Fact]
    public async Task A_nodes_fetch_report_and_observation_are_kept_apart()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1", "n2", "n3");
        var seen = new AuditObservation("ON", "QUERY_DML", null, T0.AddMinutes(3));

        await Audit.RecordFetchAsync(instance, "n1", 1, T0);
        Assert.Equal(new AuditPolicyNodeState("n1", 1, T0, 0, null, null, null), Assert.Single(await Audit.ListNodeStatesAsync(instance)));

        await Audit.RecordReportAsync(instance, "n1", 1, false, "plugin not installed", T0.AddMinutes(1));
        await Audit.RecordFetchAsync(instance, "n1", 2, T0.AddMinutes(2));
        await Audit.RecordObservationAsync(instance, "n1", seen);
        await Audit.RecordReportAsync(instance, "n2", 2, true, null, T0.AddMinutes(4));
        await Audit.RecordObservationAsync(instance, "n3", seen with { Logging = null, Error = "access denied" });

        Assert.Equal(
        [
            new AuditPolicyNodeState("n1", 2, T0.AddMinutes(2), 1, false, "plugin not installed", T0.AddMinutes(1)) { Observed = seen },
            new AuditPolicyNodeState("n2", 2, T0.AddMinutes(4), 2, true, null, T0.AddMinutes(4)),
            new AuditPolicyNodeState("n3", 0, T0.AddMinutes(3), 0, null, null, null) { Observed = seen with { Logging = null, Error = "access denied" } },
        ], await Audit.ListNodeStatesAsync(instance));
    }

    private async Task<(string Instance, SourceRecord Source)> SourceAsync()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1", "n2");
        return (instance, await SourceAsync(instance, "n1", LogKind.MariadbAudit));
    }

    private async Task CommitAsync(SourceRecord source, params AuditLogFile[] files)
    {
        foreach (var file in files)
        {
            await Audit.CommitClosedFileAsync(file, source.Id, "cutter", new StreamCursor(0, null));
        }
    }
}
