using DbLogs.Core.Time;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.Streams;

public static class NodeZones
{
    /// <summary>The time zone of the source's node, in which its server writes local times (UTC when unknown).</summary>
    public static async Task<TimeZoneInfo> ForAsync(this IRegistryStore registry, SourceRecord source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(source);
        var node = (await registry.ListNodesAsync(source.InstanceId, ct)).FirstOrDefault(n => n.Id == source.NodeId);
        return TimeZones.FindOrUtc(node?.TimeZone);
    }
}
