using System.Data.Common;

namespace DbLogs.Server.Embedded;

/// <summary>
/// The start-up reads of the embedded collectors: while the store is unreachable they are retried every few seconds
/// (logged once), instead of failing the background service, which would stop the whole process.
/// </summary>
internal static class StoreWait
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    public static async Task<T> UntilReadAsync<T>(Func<CancellationToken, Task<T>> read, ILogger logger, string what, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await read(ct);
            }
            catch (DbException e) when (!ct.IsCancellationRequested)
            {
                if (attempt == 0)
                {
                    logger.LogWarning("Reading {What} from the store failed ({Error}); retrying every {Delay}", what, e.Message, RetryEvery);
                }

                await Task.Delay(RetryEvery, ct);
            }
        }
    }
}
