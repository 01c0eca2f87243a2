using DbLogs.Core.Logs;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Nodes;

/// <summary>
/// The names of the work leases, <c>kind:{scope}</c>, as <c>dblogs admin nodes</c> lists them: one place, so a piece of work
/// has the same name on every node.
/// </summary>
public static class WorkLeaseNames
{
    /// <summary>The stream followers of a source (cutters, parsers, the audit record index) and the compression of its sealed segments.</summary>
    public static string Followers(SourceRecord source) => $"followers:{source.InstanceId}/{source.NodeId}/{source.Kind.Name()}";

    /// <summary>The run-log collection jobs of one Redis replica.</summary>
    public static string RunLogJobs(string instanceId, string nodeId) => $"run-log-jobs:{instanceId}/{nodeId}";

    /// <summary>A store-wide periodic sweep (retention), by its name.</summary>
    public static string Sweep(string name) => $"sweep:{name}";

    /// <summary>A store-wide periodic compaction, by its name.</summary>
    public static string Compaction(string name) => $"compact:{name}";

    /// <summary>Polling one Redis node's <c>SLOWLOG</c>.</summary>
    public static string SlowlogPoll(string instanceId, string nodeId) => $"slowlog-poll:{instanceId}/{nodeId}";

    /// <summary>Applying the audit policy of one MySQL-family node to its server.</summary>
    public static string AuditPolicy(string instanceId, string nodeId) => $"audit-policy:{instanceId}/{nodeId}";

}
