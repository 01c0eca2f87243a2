using System.Collections.Concurrent;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>Sources whose open audit file should be closed on the cutter's next run (RotateAuditLog).</summary>
public sealed class AuditRotateRequests
{
    private readonly ConcurrentDictionary<long, byte> _requested = new();

    public void Request(long sourceId) => _requested[sourceId] = 0;

    /// <summary>True (once) when a rotation was requested since the last call.</summary>
    public bool Take(long sourceId) => _requested.TryRemove(sourceId, out _);
}
