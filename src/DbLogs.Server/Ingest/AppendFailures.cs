using System.Collections.Concurrent;
using DbLogs.Core.Logs;

namespace DbLogs.Server.Ingest;

/// <summary>The last append that failed, per source, until one succeeds: what the store could not record about itself.</summary>
/// <param name="FileSize">The size the collector reported for the file, so the admin view can show the lag that builds up.</param>
public sealed record AppendFailure(string Error, DateTimeOffset At, long? FileSize);

/// <summary>
/// Kept in memory because the usual record (the source's last error in the store) is itself a write, which fails
/// on a full disk; the admin view of sources shows these over the stored values.
/// </summary>
public sealed class AppendFailures
{
    // By name, not by source id: on a full disk even creating the source's row fails.
    private readonly ConcurrentDictionary<(string Instance, string Node, LogKind Kind), AppendFailure> _bySource = new();

    public void Failed(string instanceId, string nodeId, LogKind kind, AppendFailure failure) => _bySource[(instanceId, nodeId, kind)] = failure;

    public void Succeeded(string instanceId, string nodeId, LogKind kind) => _bySource.TryRemove((instanceId, nodeId, kind), out _);

    public AppendFailure? For(string instanceId, string nodeId, LogKind kind) => _bySource.GetValueOrDefault((instanceId, nodeId, kind));
}
