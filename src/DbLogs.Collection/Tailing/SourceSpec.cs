using DbLogs.Core.Logs;

namespace DbLogs.Collection.Tailing;

/// <summary>One log file to collect: its kind, the live file's path, and the node it belongs to.</summary>
public sealed record SourceSpec(LogKind Kind, string Path, string NodeId)
{
    /// <summary>Stable key of the source within one instance, e.g. <c>a1b2c3/redis-run</c>.</summary>
    public string Key => $"{NodeId}/{Kind.Name()}";
}
