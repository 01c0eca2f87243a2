using System.Collections.Concurrent;
using DbLogs.Core.Logs;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Processing.Streams;

/// <summary>
/// Runs the <see cref="IStreamFollower"/>s one source at a time in the background: after each append, for every
/// source at start-up, and every <see cref="FollowerOptions.FollowerInterval"/> so time limits act on quiet streams.
/// Followers that run apart (<see cref="IStreamFollower.RunsApart"/>) do so in a second lane, one source at a time too.
/// </summary>
public sealed partial class StreamFollowers : BackgroundService
{
    private readonly ISourceStore _sources;
    private readonly IWorkLeases? _leases;
    private readonly FollowerOptions _options;
    private readonly ILogger<StreamFollowers> _log;
    private readonly FailureStreak _streak = new();
    private readonly Lane _main;
    private readonly Lane _apart;
    private static readonly TimeSpan LeaseRetryMargin = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<long, byte> _retrying = new();
    private readonly CancellationTokenSource _stopping = new();

    public StreamFollowers(IEnumerable<IStreamFollower> followers, ISourceStore sources, FollowerOptions options, ILogger<StreamFollowers> log,
        IWorkLeases? leases = null)
    {
        _sources = sources;
        _leases = leases;
        _options = options;
        _log = log;
        var all = followers.ToArray();
        _main = new Lane(this, [.. all.Where(f => !f.RunsApart)]);
        _apart = new Lane(this, [.. all.Where(f => f.RunsApart)]);
    }

    /// <summary>Asks for the source to be caught up soon; repeated requests before it runs are coalesced.</summary>
    public void Notify(long sourceId)
    {
        _main.Notify(sourceId);
        _apart.Notify(sourceId);
    }

    /// <summary>Catches up every source now, in both lanes, and returns when done (tests, start-up).</summary>
    public async Task CatchUpAllAsync(CancellationToken ct)
    {
        foreach (var source in await _sources.ListSourcesAsync(null, ct))
        {
            await _main.CatchUpAsync(source.Id, ct);
            await _apart.CatchUpAsync(source.Id, ct);
        }
    }

    /// <summary>Catches up one source now with the followers of the main lane and returns when done (rotate requests).</summary>
    public Task CatchUpAsync(long sourceId, CancellationToken ct) => _main.CatchUpAsync(sourceId, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_main.IsEmpty && _apart.IsEmpty)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.FollowerInterval);
        using var stopped = stoppingToken.Register(_stopping.Cancel);
        var ticks = TickAsync(timer, stoppingToken);
        await Task.WhenAll(_main.RunAsync(stoppingToken), _apart.RunAsync(stoppingToken));
        await ticks;
    }

    public override void Dispose()
    {
        _stopping.Cancel(); // not disposed: Dispose may come twice, and a source without a timer holds nothing to free
        _main.Dispose();
        _apart.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// A source whose lease another node holds is tried again once that lease could have lapsed (its TTL and a second
    /// from now), so a dead holder's stream is taken over then rather than on a later tick. Once per source at a time.
    /// </summary>
    private void RetryWhenLeaseLapses(long sourceId)
    {
        if (_leases is null || _stopping.IsCancellationRequested || !_retrying.TryAdd(sourceId, 0))
        {
            return;
        }

        _ = RetryAsync();

        async Task RetryAsync()
        {
            try
            {
                await Task.Delay(_leases.Ttl + LeaseRetryMargin, _stopping.Token);
                Notify(sourceId);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
            finally
            {
                _retrying.TryRemove(sourceId, out _);
            }
        }
    }

    private async Task TickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await GuardedAsync(NotifyAllAsync, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task NotifyAllAsync(CancellationToken ct)
    {
        foreach (var source in await _sources.ListSourcesAsync(null, ct))
        {
            Notify(source.Id);
        }
    }

    /// <summary>Runs work of the loop whose failure (the store unreachable) must not end the loop: the next tick retries.</summary>
    private async Task GuardedAsync(Func<CancellationToken, Task> work, CancellationToken ct)
    {
        try
        {
            await work(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Failed(e, "listing sources", "-", "-", "-");
        }
    }

    private void Failed(Exception e, string follower, string instance, string node, string kind)
    {
        if (_streak.Failed())
        {
            LogFollowerFailed(_log, e, follower, instance, node, kind);
        }
        else
        {
            LogFollowerStillFailing(_log, follower, instance, node, kind, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Instance}/{Node}/{Kind}: stream follower {Follower} failed; it retries on the next append or tick")]
    private static partial void LogFollowerFailed(ILogger logger, Exception exception, string follower, string instance, string node, string kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Instance}/{Node}/{Kind}: stream follower {Follower} failed again: {Error}")]
    private static partial void LogFollowerStillFailing(ILogger logger, string follower, string instance, string node, string kind, string error);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Instance}/{Node}/{Kind}: stream follower {Follower} stopped, nothing committed: lease {Lease} is no longer this node's")]
    private static partial void LogLeaseLost(ILogger logger, string instance, string node, string kind, string follower, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream followers are working again")]
    private static partial void LogRecovered(ILogger logger);

    /// <summary>Followers that run one source at a time, in order, from a queue of sources to catch up.</summary>
    private sealed class Lane(StreamFollowers owner, IStreamFollower[] followers) : IDisposable
    {
        private readonly PendingSources _pending = new();
        private readonly SemaphoreSlim _running = new(1, 1);

        public bool IsEmpty => followers.Length == 0;

        public void Dispose() => _running.Dispose();

        public void Notify(long sourceId)
        {
            if (followers.Length > 0)
            {
                _pending.Notify(sourceId);
            }
        }

        public async Task CatchUpAsync(long sourceId, CancellationToken ct)
        {
            if (followers.Length == 0)
            {
                return;
            }

            await _running.WaitAsync(ct);
            try
            {
                var source = await owner._sources.GetSourceAsync(sourceId, ct);
                if (source is not null)
                {
                    // Only if this node owns the source now: one node at a time follows it, when several share the store.
                    var lease = WorkLeaseNames.Followers(source);
                    if (!await owner._leases.RunIfHeldAsync(lease, held => FollowAsync(source, owner._leases?.Fence(lease), held), ct))
                    {
                        owner.RetryWhenLeaseLapses(sourceId);
                    }
                }
            }
            finally
            {
                _running.Release();
            }
        }

        private async Task FollowAsync(SourceRecord source, CursorFence? fence, CancellationToken ct)
        {
            foreach (var follower in followers.Where(f => f.Follows(source.Kind)))
            {
                try
                {
                    await follower.CatchUpAsync(source, fence, ct);
                    if (owner._streak.Succeeded())
                    {
                        LogRecovered(owner._log);
                    }
                }
                catch (LeaseLostException e)
                {
                    // Not a failure: another node took the source over (this one stalled past its lease) and goes on from the
                    // committed cursor. This node stops here and asks the store again on the next append or tick.
                    owner._leases?.Lost(e.LeaseName);
                    LogLeaseLost(owner._log, source.InstanceId, source.NodeId, source.Kind.Name(), follower.Name, e.LeaseName);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    owner.Failed(e, follower.Name, source.InstanceId, source.NodeId, source.Kind.Name());
                }
            }
        }

        public async Task RunAsync(CancellationToken stoppingToken)
        {
            if (followers.Length == 0)
            {
                return;
            }

            try
            {
                await owner.GuardedAsync(CatchUpEverySourceAsync, stoppingToken);
                await foreach (var sourceId in _pending.ReadAllAsync(stoppingToken))
                {
                    await owner.GuardedAsync(ct => CatchUpAsync(sourceId, ct), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }

        private async Task CatchUpEverySourceAsync(CancellationToken ct)
        {
            foreach (var source in await owner._sources.ListSourcesAsync(null, ct))
            {
                await CatchUpAsync(source.Id, ct);
            }
        }
    }
}
