namespace DbLogs.Storage.Nodes;

/// <summary>The one way background work is done under a lease: take (or keep) the lease, then do the work, or leave it to its holder.</summary>
public static class WorkLeaseRuns
{
    /// <param name="leases">Null: no store is shared (a service built by hand in a test), the work is always this process's.</param>
    /// <returns>Whether this node held the lease and did the work.</returns>
    public static async Task<bool> RunIfHeldAsync(this IWorkLeases? leases, string name, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (leases is not null && !await leases.HoldAsync(name, ct))
        {
            return false;
        }

        await work(ct);
        return true;
    }
}
