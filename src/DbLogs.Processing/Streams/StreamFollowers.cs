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
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    LogFollowerFailed(log, e, follower.Name, source.InstanceId, source.NodeId, source.Kind.Name());
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
            await CatchUpAllAsync(stoppingToken);
            await foreach (var sourceId in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                _queued.TryRemove(sourceId, out _);
                await CatchUpAsync(sourceId, stoppingToken);
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
                foreach (var source in await sources.ListSourcesAsync(null, ct))
                {
                    Notify(source.Id);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Instance}/{Node}/{Kind}: stream follower {Follower} failed; it retries on the next append or tick")]
    private static partial void LogFollowerFailed(ILogger logger, Exception exception, string follower, string instance, string node, string kind);
}
