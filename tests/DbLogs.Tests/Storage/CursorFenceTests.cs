using DbLogs.Core.Logs;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.MariadbSlow;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Storage;

public sealed class SqliteCursorFenceTests : CursorFenceTests<SqliteStorageUnderTest>;

public sealed class PostgresCursorFenceTests : CursorFenceTests<PostgresStorageUnderTest>;

/// <summary>The ways a stream follower commits: the parsed error and slow logs, a closed audit file, audit records, its cursor alone.</summary>
public static class FencedCommits
{
    public static TheoryData<string> All => ["error-log", "slow-log", "audit-file", "audit-records", "cursor"];
}

/// <summary>
/// Each way a stream follower commits its output with its cursor, fenced by the follower's lease: the commit goes in while its
/// node holds the lease, and changes nothing (and says so) once another node took the lease or it ran out.
/// </summary>
public abstract class CursorFenceTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private const string Lease = "followers:fenced";
    private const string Consumer = "fenced";
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(20);
    private static readonly TimeWindow Day = new(T0, T0.AddDays(1));

    // The fenced node's clock: the one it takes its leases by.
    private readonly ManualClock _clock = new(T0);

    private INodeStore Nodes => Store<INodeStore>();

    [Theory]
    [MemberData(nameof(FencedCommits.All), MemberType = typeof(FencedCommits))]
    public async Task A_commit_by_the_lease_holder_goes_in(string commit)
    {
        var follower = await FollowerAsync(commit);
        Assert.True(await Nodes.TryAcquireAsync(Lease, "a", T0, Ttl));

        _clock.Now = T0.AddSeconds(19);
        await follower.CommitAsync(1, Fence("a"));
        Assert.Equal(follower.After(1), await follower.StateAsync());
    }

    [Theory]
    [MemberData(nameof(FencedCommits.All), MemberType = typeof(FencedCommits))]
    public async Task A_commit_after_another_node_took_the_lease_changes_nothing_and_throws_and_the_new_holder_goes_on(string commit)
    {
        var follower = await FollowerAsync(commit);
        Assert.True(await Nodes.TryAcquireAsync(Lease, "a", T0, Ttl));
        await follower.CommitAsync(1, Fence("a"));
        Assert.True(await Nodes.TryAcquireAsync(Lease, "b", T0.AddSeconds(21), Ttl)); // a stalled past its lease, and b took it

        // Even by a's own clock, behind b's, its lease still runs: the holder in the store is what counts.
        _clock.Now = T0.AddSeconds(10);
        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => follower.CommitAsync(2, Fence("a")));
        Assert.Equal((Lease, "a"), (lost.LeaseName, lost.NodeId));
        Assert.Equal(follower.After(1), await follower.StateAsync());

        _clock.Now = T0.AddSeconds(22);
        await follower.CommitAsync(2, Fence("b"));
        Assert.Equal(follower.After(2), await follower.StateAsync());
    }

    [Theory]
    [MemberData(nameof(FencedCommits.All), MemberType = typeof(FencedCommits))]
    public async Task A_commit_after_the_lease_ran_out_changes_nothing_and_throws(string commit)
    {
        var follower = await FollowerAsync(commit);
        Assert.True(await Nodes.TryAcquireAsync(Lease, "a", T0, Ttl));
        await follower.CommitAsync(1, Fence("a"));

        _clock.Now = T0 + Ttl;
        await Assert.ThrowsAsync<LeaseLostException>(() => follower.CommitAsync(2, Fence("a")));
        Assert.Equal(follower.After(1), await follower.StateAsync());
    }

    [Theory]
    [MemberData(nameof(FencedCommits.All), MemberType = typeof(FencedCommits))]
    public async Task Without_a_fence_a_commit_goes_in_as_on_a_single_node(string commit)
    {
        var follower = await FollowerAsync(commit);
        Assert.True(await Nodes.TryAcquireAsync(Lease, "b", T0, Ttl));

        await follower.CommitAsync(1, null);
        Assert.Equal(follower.After(1), await follower.StateAsync());
    }

    private CursorFence Fence(string node) => new(Lease, node, _clock);

    /// <summary>A follower's commits of the given kind: commit <c>k</c> adds the k-th output and moves the cursor to k.</summary>
    private async Task<Follower> FollowerAsync(string commit)
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        switch (commit)
        {
            case "error-log":
                {
                    var source = await SourceAsync(instance, "n1", LogKind.MariadbError);
                    var store = Store<IMariadbErrorStore>();
                    return new(
                        (k, fence) => store.CommitAsync(source.Id, Consumer, [new(instance, "n1", k * 100, new ErrorLogEntry(T0.AddSeconds(k), "Warning", $"m{k}"))],
                            Cursor(k), fence),
                        async () => (await store.ListAsync(instance, Day, null, new Page(0, 100))).Total,
                        () => Store<ISourceStore>().GetCursorAsync(source.Id, Consumer));
                }

            case "slow-log":
                {
                    var source = await SourceAsync(instance, "n1", LogKind.MariadbSlow);
                    var store = Store<IMariadbSlowStore>();
                    return new(
                        (k, fence) => store.CommitAsync(source.Id, Consumer,
                            [new(instance, "n1", k * 100, new MariadbSlowEntry(T0.AddSeconds(k), 1, 0.25, 2, 20, "shop", "app[app] @ web", "192.168.0.1", $"SELECT {k}", "SELECT"))],
                            Cursor(k), fence),
                        async () => (await store.ListAsync(instance, Day, null, new Page(0, 100))).Total,
                        () => Store<ISourceStore>().GetCursorAsync(source.Id, Consumer));
                }

            case "audit-file":
                {
                    var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
                    var store = Store<IMariadbAuditStore>();
                    return new(
                        (k, fence) => store.CommitClosedFileAsync(new AuditLogFile($"f{k}", instance, "n1", $"{k}_f", 100, T0.AddMinutes(k), T0.AddMinutes(k + 1), k),
                            source.Id, Consumer, Cursor(k), fence),
                        async () => (await store.ListFilesEndedBeforeAsync(instance, null)).Count,
                        () => Store<ISourceStore>().GetCursorAsync(source.Id, Consumer));
                }

            case "audit-records":
                {
                    var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
                    var store = Store<IAuditRecordStore>();
                    return new(
                        (k, fence) => store.CommitAsync(source.Id, Consumer,
                            [new(instance, "n1", k * 100, new AuditRecord(T0.AddSeconds(k), 60, "db1", "app", "10.0.0.7", 42, k, "QUERY", "shop", null, $"SELECT {k}", 0, "DML"))],
                            Cursor(k), fence),
                        async () => (await store.SearchAsync(new AuditRecordQuery(instance, T0, T0.AddDays(1)), new Page(0, 100))).Total,
                        () => store.GetCursorAsync(source.Id, Consumer));
                }

            case "cursor":
                {
                    var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
                    var sources = Store<ISourceStore>();
                    return new((k, fence) => sources.SetCursorAsync(source.Id, Consumer, Cursor(k), fence), null, () => sources.GetCursorAsync(source.Id, Consumer));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(commit), commit, "no such commit");
        }
    }

    private static StreamCursor Cursor(int k) => new(k, $"state {k}");

    /// <param name="CountOutputsAsync">Null for a cursor moved alone.</param>
    private sealed record Follower(Func<int, CursorFence?, Task> CommitAsync, Func<Task<long>>? CountOutputsAsync, Func<Task<StreamCursor?>> ReadCursorAsync)
    {
        /// <summary>The outputs stored and the cursor after commits 1 to <paramref name="k"/>.</summary>
        public (long Outputs, StreamCursor? Cursor) After(int k) => (CountOutputsAsync is null ? 0 : k, Cursor(k));

        public async Task<(long Outputs, StreamCursor? Cursor)> StateAsync() =>
            (CountOutputsAsync is null ? 0 : await CountOutputsAsync(), await ReadCursorAsync());
    }
}
