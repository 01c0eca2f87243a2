namespace DbLogs.Storage.Nodes;

/// <summary>
/// The lease a follower's commit (its output and its cursor, in one transaction) is fenced by: the commit goes in only if
/// <paramref name="NodeId"/> still holds <paramref name="LeaseName"/> in the store, unexpired at <paramref name="Clock"/>'s
/// now (the clock the node takes its leases by), read when the transaction commits; else nothing is written and
/// <see cref="LeaseLostException"/> is thrown.
/// </summary>
public sealed record CursorFence(string LeaseName, string NodeId, TimeProvider Clock);
