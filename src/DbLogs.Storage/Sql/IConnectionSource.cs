using System.Data.Common;

namespace DbLogs.Storage.Sql;

/// <summary>Where a store's open connections come from, whichever database holds it.</summary>
internal interface IConnectionSource
{
    Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>The statement <see cref="CursorFenceSql.CheckAsync"/> runs on these connections: where they see <c>work_leases</c>.</summary>
    string LeaseCheck => CursorFenceSql.LockHeldLease;
}
