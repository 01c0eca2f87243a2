using DbLogs.Processing.Streams;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Storage;
using DbLogs.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using LogKind = DbLogs.Core.Logs.LogKind;

namespace DbLogs.Tests.Processing;

/// <summary>
/// A follower that runs apart (the audit record index) never holds back the followers that cut files; a follower whose commit
/// finds the source's lease lost ends the source's run quietly.
/// </summary>
public sealed class StreamFollowerLaneTests : StoreTests<SqliteStorageUnderTest>
{
    [Fact]
    public async Task A_follower_that_runs_apart_and_is_stuck_neither_delays_the_others_nor_a_rotate_request()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        var stuck = new RecordingFollower("index", runsApart: true);
        var cutter = new RecordingFollower("cutter", runsApart: false);
        stuck.Release = new TaskCompletionSource();
        using var followers = new StreamFollowers([stuck, cutter], Store<ISourceStore>(), new FollowerOptions { FollowerInterval = TimeSpan.FromHours(1) },
            NullLogger<StreamFollowers>.Instance);
        await followers.StartAsync(CancellationToken.None);
        try
        {
            await stuck.Called.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the start-up catch-up reached the stuck one
            await cutter.Called.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var calls = cutter.Calls;
            followers.Notify(source.Id);
            await followers.CatchUpAsync(source.Id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(cutter.Calls > calls, "the rotate request's catch-up ran the cutter");
            Assert.Equal(1, stuck.Calls);
        }
        finally
        {
            stuck.Release.SetResult();
            await followers.StopAsync(CancellationToken.None);
        }

        Assert.True(stuck.Calls >= 1);
    }

    [Fact]
    public async Task A_follower_whose_lease_was_lost_ends_the_sources_run_without_a_failure_and_the_lease_is_asked_of_the_store_again()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        var leases = new HeldLeases();
        var losing = new LosingFollower();
        var after = new RecordingFollower("after", runsApart: false);
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var followers = new StreamFollowers([losing, after], Store<ISourceStore>(), new FollowerOptions { FollowerInterval = TimeSpan.FromHours(1) },
            factory.CreateLogger<StreamFollowers>(), leases);

        await followers.CatchUpAsync(source.Id, CancellationToken.None);
        await followers.CatchUpAsync(source.Id, CancellationToken.None);

        var lease = WorkLeaseNames.Followers(source);
        Assert.Equal([lease, lease], losing.Fences.Select(f => f.LeaseName));
        Assert.Equal([lease, lease], leases.Lost);
        Assert.Equal(0, after.Calls); // the rest of the source's run is the new holder's too
        Assert.Equal([LogLevel.Information, LogLevel.Information], logs.Entries.Select(e => e.Level));
    }

    /// <summary>Leases this node always gets from the store, recording those it was told it lost.</summary>
    private sealed class HeldLeases : IWorkLeases
    {
        public List<string> Lost { get; } = [];

        public TimeSpan Ttl => TimeSpan.FromSeconds(20);

        public Task<bool> HoldAsync(string name, CancellationToken ct) => Task.FromResult(true);

        public CursorFence Fence(string name) => new(name, "node-a", TimeProvider.System);

        void IWorkLeases.Lost(string name) => Lost.Add(name);
    }

    /// <summary>A follower whose commit finds that another node took its lease.</summary>
    private sealed class LosingFollower : IStreamFollower
    {
        public List<CursorFence> Fences { get; } = [];

        public string Name => "losing";

        public bool Follows(LogKind kind) => true;

        public Task<StreamCursor?> ReadCursorAsync(long sourceId, CancellationToken ct) => Task.FromResult<StreamCursor?>(null);

        public Task CatchUpAsync(SourceRecord source, CursorFence? fence, CancellationToken ct)
        {
            Assert.NotNull(fence);
            Fences.Add(fence);
            throw new LeaseLostException(fence.LeaseName, fence.NodeId);
        }
    }

    private sealed class RecordingFollower(string name, bool runsApart) : IStreamFollower
    {
        private int _calls;

        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource? Release { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        public string Name => name;

        public bool RunsApart => runsApart;

        public bool Follows(LogKind kind) => true;

        public Task<StreamCursor?> ReadCursorAsync(long sourceId, CancellationToken ct) => Task.FromResult<StreamCursor?>(null);

        public async Task CatchUpAsync(SourceRecord source, CursorFence? fence, CancellationToken ct)
        {
            Interlocked.Increment(ref _calls);
            Called.TrySetResult();
            if (Release is not null)
            {
                await Release.Task.WaitAsync(ct);
            }
        }
    }
}
