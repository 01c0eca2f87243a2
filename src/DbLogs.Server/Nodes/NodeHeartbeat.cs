using DbLogs.Storage.Nodes;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Server.Nodes;

/// <summary>
/// Beats for this node every <see cref="Interval"/>: records it alive and renews its work leases for <see cref="LeaseTtl"/>.
/// On a clean stop the node leaves, so others take its work at once; a killed node's leases run out after at most the TTL.
/// </summary>
public sealed partial class NodeHeartbeat(INodeStore store, NodeIdentity node, WorkLeases leases, TimeProvider clock, ILogger<NodeHeartbeat> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    // Three missed beats: a pause (GC, a slow store) must not hand work to another node while this one still does it.
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            await BeatAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        leases.DropAll();
        try
        {
            await store.LeaveAsync(node.Id, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // Leaving is a courtesy: when the host's stop time has run out, the leases lapse by themselves.
            LogLeaveFailed(log, e is OperationCanceledException ? "the stop's time ran out" : e.Message);
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        try
        {
            var held = await store.BeatAsync(new ServiceNode(node.Id, node.Address, NodeIdentity.Version, node.StartedAt, now), now, LeaseTtl, ct);
            leases.Renewed(held, now + LeaseTtl);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogBeatFailed(log, e.Message);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node heartbeat failed (the store is unreachable?); work leases lapse if it stays so: {Error}")]
    private static partial void LogBeatFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give up this node's work leases on stop; they run out by themselves: {Error}")]
    private static partial void LogLeaveFailed(ILogger logger, string error);
}
