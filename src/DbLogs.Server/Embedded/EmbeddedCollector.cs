using DbLogs.Collection.Agent;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Files;
using DbLogs.Core.Logs;
using DbLogs.Server.Hosting;
using DbLogs.Server.Ingest;
using DbLogs.Storage.Registry;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Server.Embedded;

/// <summary>
/// The collector inside <c>dblogs serve</c> for single-host set-ups: it tails the <c>logs</c> that the registry
/// (usually the bootstrap file) names for nodes whose log directory exists on this host, with the same code as
/// <c>dblogs agent</c>, writing straight to the ingest service. The set of sources is read at start-up.
/// </summary>
public sealed class EmbeddedCollector(
    IRegistryStore registry,
    IngestService ingest,
    CollectorLeases leases,
    DataDirectory data,
    DbLogsOptions options,
    TimeProvider clock,
    ILogger<EmbeddedCollector> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.EmbeddedCollector)
        {
            return;
        }

        var hosts = new List<Task>();
        var checkpoints = Path.Combine(data.Root, "collector");
        OwnerOnly.CreateDirectory(checkpoints);
        var found = await StoreWait.UntilReadAsync(LocalSourcesAsync, logger, "the nodes to collect", stoppingToken);
        foreach (var (instanceId, sources) in found)
        {
            foreach (var source in sources)
            {
                logger.LogInformation("{Instance}/{Node}/{Kind}: collecting {Path}", instanceId, source.NodeId, source.Kind.Name(), source.Path);
            }

            var host = new CollectorHost(sources, new LocalBatchSink(ingest, instanceId), Path.Combine(checkpoints, instanceId + ".json"),
                AgentConfigReader.DefaultBatchBytes, new LoggingCollectorEvents(logger, instanceId), clock);
            hosts.Add(host.RunAsync(stoppingToken));
        }

        if (hosts.Count > 0)
        {
            // Quiet files send nothing for hours: the leases are kept by this process being alive, not by its batches.
            hosts.Add(leases.KeepAliveAsync(CollectorLeases.EmbeddedCollectorId, stoppingToken));
        }

        await Task.WhenAll(hosts);
    }

    private async Task<List<(string InstanceId, List<SourceSpec> Sources)>> LocalSourcesAsync(CancellationToken ct)
    {
        var found = new List<(string, List<SourceSpec>)>();
        foreach (var project in await registry.ListProjectsAsync(ct))
        {
            foreach (var instance in await registry.ListInstancesAsync(project.Id, ct))
            {
                var sources = LocalSources(await registry.ListNodesAsync(instance.Id, ct));
                if (sources.Count > 0)
                {
                    found.Add((instance.Id, sources));
                }
            }
        }

        return found;
    }

    private static List<SourceSpec> LocalSources(IReadOnlyList<Node> nodes)
    {
        var sources = new List<SourceSpec>();
        foreach (var node in nodes)
        {
            foreach (var (key, path) in node.Logs)
            {
                if (LogKinds.TryFromBootstrapKey(key, node.Shard is not null, out var kind) && Directory.Exists(Path.GetDirectoryName(path)))
                {
                    sources.Add(new SourceSpec(kind, path, node.Id));
                }
            }
        }

        return sources;
    }

    /// <summary>Every line about a source names its instance, node and kind, as text and as structured fields.</summary>
    private sealed class LoggingCollectorEvents(ILogger logger, string instanceId) : ICollectorEvents
    {
        public void SendFailed(SourceSpec source, Exception error, TimeSpan retryIn) =>
            logger.LogWarning("{Instance}/{Node}/{Kind}: storing failed ({Error}); retrying in {Delay}", instanceId, source.NodeId, source.Kind.Name(),
                error.Message, retryIn);

        public void SendRecovered(SourceSpec source) =>
            logger.LogInformation("{Instance}/{Node}/{Kind}: storing again", instanceId, source.NodeId, source.Kind.Name());

        public void GapDetected(SourceSpec source, SourceGap gap) =>
            logger.LogWarning("{Instance}/{Node}/{Kind}: LOST {Bytes} bytes of {Path} ({Reason})", instanceId, source.NodeId, source.Kind.Name(),
                gap.Bytes, gap.FilePath, gap.Reason);

        public void Rewound(SourceSpec source, string fileId, long offset) =>
            logger.LogInformation("{Instance}/{Node}/{Kind}: resending file {File} from {Offset}", instanceId, source.NodeId, source.Kind.Name(),
                fileId, offset);

        public void FileMissing(SourceSpec source, DateTimeOffset since) =>
            logger.LogWarning("{Instance}/{Node}/{Kind}: {Path} does not exist (since {Since:u}); waiting for it to appear", instanceId, source.NodeId,
                source.Kind.Name(), source.Path, since);

        public void CheckpointFailed(Exception error) =>
            logger.LogWarning("Saving the collector checkpoint of instance {Instance} failed ({Error}); trying again", instanceId, error.Message);
    }
}
