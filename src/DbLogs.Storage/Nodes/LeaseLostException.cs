namespace DbLogs.Storage.Nodes;

/// <summary>
/// A fenced commit (<see cref="CursorFence"/>) found its lease held by another node, or run out: nothing of it was
/// committed. The work is the lease holder's now, and it goes on from the cursor last committed.
/// </summary>
public sealed class LeaseLostException(string leaseName, string nodeId)
    : Exception($"Lease {leaseName} is no longer held by node {nodeId}: nothing was committed.")
{
    public string LeaseName { get; } = leaseName;

    public string NodeId { get; } = nodeId;
}
