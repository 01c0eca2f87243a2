using System.Data.Common;
using DbLogs.Collection.Shipping;

namespace DbLogs.Server.Embedded;

/// <summary>
/// The in-process sinks' side of "the store is unreachable": a retryable refusal, as an agent gets a 503, so the shipping
/// code backs off and resends from its acknowledged offset instead of the exception ending the collector.
/// </summary>
internal static class StoreFailures
{
    public static async Task<T> RetryableAsync<T>(Func<Task<T>> store)
    {
        try
        {
            return await store();
        }
        catch (DbException e)
        {
            throw new IngestException($"storing failed: {e.Message}", retryable: true);
        }
    }
}
