using System.Data.Common;
using Dapper;
using DbLogs.Storage.Nodes;

namespace DbLogs.Storage.Sql;

/// <summary>The check of a <see cref="CursorFence"/>, run last in the transaction it fences, just before the commit.</summary>
internal static class CursorFenceSql
{
    private const string Held = "name = @LeaseName AND node_id = @NodeId AND expires_at > @Now";

    /// <summary>
    /// Locks the lease's row while the transaction lasts (an update that changes nothing): on PostgreSQL a node taking
    /// the lease over waits for this commit, and this update, if it comes second, sees the new holder and matches nothing.
    /// On SQLite the write transaction already keeps every other writer out.
    /// </summary>
    public const string LockHeldLease = $"UPDATE work_leases SET expires_at = expires_at WHERE {Held} RETURNING name";

    /// <summary>
    /// For SQLite's audit record file, which sees the store attached read-only as <c>store</c>: the lease is read, not locked.
    /// Enough on SQLite, where one process serves a store (its data directory is locked) and is the only node taking leases in it.
    /// </summary>
    public const string ReadHeldLeaseInStore = $"SELECT name FROM store.work_leases WHERE {Held}";

    /// <exception cref="LeaseLostException">The lease is another node's, or ran out; the caller's transaction must not commit.</exception>
    public static async Task CheckAsync(DbConnection c, DbTransaction tx, string check, CursorFence fence, CancellationToken ct)
    {
        var held = await c.ExecuteScalarAsync<string?>(new CommandDefinition(check,
            new { fence.LeaseName, fence.NodeId, Now = UnixMs.From(fence.Clock.GetUtcNow()) }, tx, cancellationToken: ct));
        if (held is null)
        {
            throw new LeaseLostException(fence.LeaseName, fence.NodeId);
        }
    }
}
