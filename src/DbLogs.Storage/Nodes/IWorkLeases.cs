namespace DbLogs.Storage.Nodes;

/// <summary>Whether this node may do a named piece of background work now: among the nodes sharing a store, one at a time does it.</summary>
public interface IWorkLeases
{
    /// <summary>How long a lease lasts unless its holder renews it: work refused now is free by then if its holder died.</summary>
    TimeSpan Ttl { get; }

    Task<bool> HoldAsync(string name, CancellationToken ct);

    /// <summary>What fences the commits of work done under <paramref name="name"/>: they go in only while this node holds it.</summary>
    CursorFence Fence(string name);

    /// <summary>A fenced commit found <paramref name="name"/> lost: the next <see cref="HoldAsync"/> asks the store again.</summary>
    void Lost(string name);
}
