namespace DbLogs.Processing.Streams;

/// <summary>The loop of the services that act on a timer (retention sweeps): run, report a failure, wait, until stopped.</summary>
public static class PeriodicWork
{
    /// <param name="runAtStart">Run once before the first wait, not only after it.</param>
    public static async Task RunAsync(TimeSpan interval, bool runAtStart, Func<CancellationToken, Task> work, Action<Exception> failed,
        CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(failed);
        using var timer = new PeriodicTimer(interval);
        try
        {
            if (runAtStart)
            {
                await RunOnceAsync(work, failed, stoppingToken);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(work, failed, stoppingToken);
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
