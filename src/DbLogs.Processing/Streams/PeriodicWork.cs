using DbLogs.Storage.Nodes;

namespace DbLogs.Processing.Streams;

/// <summary>
/// The loop of the services that act on a timer (retention sweeps): run if this node holds the work's lease (one node of
/// those sharing a store does), report a failure, wait, until stopped.
/// </summary>
public static class PeriodicWork
{
    /// <param name="runAtStart">Run once before the first wait, not only after it.</param>
    public static async Task RunAsync(IWorkLeases? leases, string leaseName, TimeSpan interval, bool runAtStart, Func<CancellationToken, Task> work,
        Action<Exception> failed, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(failed);
        Func<CancellationToken, Task> held = ct => leases.RunIfHeldAsync(leaseName, work, ct);
        using var timer = new PeriodicTimer(interval);
        try
        {
            if (runAtStart)
            {
                await RunOnceAsync(held, failed, stoppingToken);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(held, failed, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static async Task RunOnceAsync(Func<CancellationToken, Task> work, Action<Exception> failed, CancellationToken stoppingToken)
    {
        try
        {
            await work(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            failed(e); // retried at the next tick
        }
    }
}
