using System.Collections.Concurrent;
using System.Threading.Channels;
using DbLogs.Core.Logs;
using DbLogs.Storage.Sources;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Processing.Streams;

/// <summary>
/// Runs the <see cref="IStreamFollower"/>s one source at a time in the background: after each append, for every
/// source at start-up, and every <see cref="FollowerOptions.FollowerInterval"/> so time limits act on quiet streams.
/// </summary>
public sealed partial class StreamFollowers(
    IEnumerable<IStreamFollower> followers,
    ISourceStore sources,
    FollowerOptions options,
    ILogger<StreamFollowers> log) : BackgroundService
{
    private readonly IStreamFollower[] _followers = [.. followers];
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, byte> _queued = new();
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly FailureStreak _streak = new();

    /// <summary>Asks for the source to be caught up soon; repeated requests before it runs are coalesced.</summary>
    public void Notify(long sourceId)
    {
        if (_followers.Length > 0 && _queued.TryAdd(sourceId, 0))
        {
            _queue.Writer.TryWrite(sourceId);
        }
    }

    /// <summary>Catches up every source now and returns when done (rotate requests, tests, shutdown).</summary>
    public async Task CatchUpAllAsync(CancellationToken ct)
    {
        foreach (var source in await sources.ListSourcesAsync(null, ct))
        {
            await CatchUpAsync(source.Id, ct);
        }
    }

    /// <summary>Catches up one source now and returns when done.</summary>
    public async Task CatchUpAsync(long sourceId, CancellationToken ct)
    {
        await _running.WaitAsync(ct);
        try
        {
            var source = await sources.GetSourceAsync(sourceId, ct);
            if (source is null)
            {
                return;
            }

            foreach (var follower in _followers)
            {
                if (!follower.Follows(source.Kind))
                {
                    continue;
                }

                try
                {
                    await follower.CatchUpAsync(source, ct);
                    if (_streak.Succeeded())
                    {
                        LogRecovered(log);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Failed(e, follower.Name, source.InstanceId, source.NodeId, source.Kind.Name());
                }
            }
        }
        finally
        {
            _running.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_followers.Length == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.FollowerInterval);
        var ticks = TickAsync(timer, stoppingToken);
        try
        {
            await GuardedAsync(CatchUpAllAsync, stoppingToken);
            await foreach (var sourceId in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                _queued.TryRemove(sourceId, out _);
                await GuardedAsync(ct => CatchUpAsync(sourceId, ct), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await ticks;
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
        foreach (var source in await sources.ListSourcesAsync(null, ct))
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
            LogFollowerFailed(log, e, follower, instance, node, kind);
        }
        else
        {
            LogFollowerStillFailing(log, follower, instance, node, kind, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Instance}/{Node}/{Kind}: stream follower {Follower} failed; it retries on the next append or tick")]
    private static partial void LogFollowerFailed(ILogger logger, Exception exception, string follower, string instance, string node, string kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Instance}/{Node}/{Kind}: stream follower {Follower} failed again: {Error}")]
    private static partial void LogFollowerStillFailing(ILogger logger, string follower, string instance, string node, string kind, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream followers are working again")]
    private static partial void LogRecovered(ILogger logger);
}
