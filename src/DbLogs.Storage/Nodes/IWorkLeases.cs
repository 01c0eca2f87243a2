namespace DbLogs.Storage.Nodes;

/// <summary>Whether this node may do a named piece of background work now: among the nodes sharing a store, one at a time does it.</summary>
public interface IWorkLeases
{
    Task<bool> HoldAsync(string name, CancellationToken ct);
}
