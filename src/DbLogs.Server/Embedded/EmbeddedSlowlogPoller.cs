using System.Net;
using System.Net.NetworkInformation;
using DbLogs.Collection.Redis;
using DbLogs.Core.Files;
using DbLogs.Core.Ingest;
using DbLogs.Core.Logs;
using DbLogs.Processing.RedisSlowlog;
using DbLogs.Server.Hosting;
using DbLogs.Server.Secrets;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Registry;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Server.Embedded;

/// <summary>
/// The slowlog poller inside <c>dblogs serve</c>: it polls the Redis nodes of the registry whose address is on this host
/// (loopback or a local interface) and whose run log directory exists here, with the same code as <c>dblogs agent</c>, storing straight through
/// <see cref="RedisSlowlogIngest"/>. Remote nodes are polled by an agent on their host. The set of nodes is read at start-up.
/// Of the service nodes sharing a store (on one host), the one holding a Redis node's poll lease polls it.
/// </summary>
public sealed class EmbeddedSlowlogPoller(
    IRegistryStore registry,
    RedisSlowlogIngest ingest,
    SecretProtector secrets,
    DataDirectory data,
    DbLogsOptions options,
    SlowlogSettings settings,
    IWorkLeases leases,
    ILogger<EmbeddedSlowlogPoller> logger) : BackgroundService
{
    private static readonly string SlowlogKind = LogKind.RedisSlowlog.Name();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.EmbeddedCollector)
        {
            return;
        }

        var local = LocalAddresses();
        var checkpoints = OwnerOnly.CreateDirectory(Path.Combine(data.Root, "collector")).FullName;
        var hosts = new List<Task>();
        var found = await StoreWait.UntilReadAsync(ct => LocalNodesAsync(local, ct), logger, "the Redis nodes to poll", stoppingToken);
        foreach (var (instanceId, nodes) in found)
        {
            foreach (var node in nodes)
            {
                logger.LogInformation("{Instance}/{Node}/{Kind}: polling SLOWLOG at {Endpoint}", instanceId, node.NodeId, SlowlogKind, node.Endpoint);
            }

            var host = new SlowlogPollerHost(nodes, new LocalSlowlogSink(ingest, instanceId), settings,
                Path.Combine(checkpoints, $"slowlog-{instanceId}.json"), new LoggingSlowlogEvents(logger, instanceId),
                (nodeId, ct) => HoldsAsync(WorkLeaseNames.SlowlogPoll(instanceId, nodeId), ct));
            hosts.Add(host.RunAsync(stoppingToken));
        }

        await Task.WhenAll(hosts);
    }

    /// <summary>Whether this node polls now; not while the store cannot say (the poll would have nowhere to store either).</summary>
    private async Task<bool> HoldsAsync(string lease, CancellationToken ct)
    {
        try
        {
            return await leases.HoldAsync(lease, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("{Lease}: could not take the work lease ({Error}); polling waits for the store", lease, e.Message);
            return false;
        }
    }

    private async Task<List<(string InstanceId, List<SlowlogNode> Nodes)>> LocalNodesAsync(HashSet<IPAddress> local, CancellationToken ct)
    {
        var found = new List<(string, List<SlowlogNode>)>();
        foreach (var project in await registry.ListProjectsAsync(ct))
        {
            foreach (var instance in await registry.ListInstancesAsync(project.Id, ct))
            {
                found.Add((instance.Id, [.. (await registry.ListNodesAsync(instance.Id, ct))
                    .Where(n => IsOnThisHost(n, local))
                    .Select(n => new SlowlogNode(n.Id, new RedisEndpoint(n.Ip, n.Port, n.User,
                        n.ProtectedPassword is null ? null : secrets.Unprotect(n.ProtectedPassword))))]));
            }
        }

        return found;
    }

    /// <summary>
    /// A Redis node at a local address whose run log directory exists here: the embedded collector's rule, so that a
    /// registry naming nodes of other hosts (or of none) does not make serve poll ports that are not those nodes.
    /// </summary>
    private static bool IsOnThisHost(Node node, HashSet<IPAddress> local) =>
        node.Shard is not null && IPAddress.TryParse(node.Ip, out var ip) && (IPAddress.IsLoopback(ip) || local.Contains(ip))
        && node.Logs.TryGetValue(LogKind.RedisRun.BootstrapKey(), out var runLog) && Directory.Exists(Path.GetDirectoryName(runLog));

    private static HashSet<IPAddress> LocalAddresses()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address)];
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }

    private sealed class LoggingSlowlogEvents(ILogger logger, string instanceId) : ISlowlogEvents
    {
        public void PollFailed(string nodeId, Exception error) =>
            logger.LogWarning("{Instance}/{Node}/{Kind}: polling failed ({Error})", instanceId, nodeId, SlowlogKind, error.Message);

        public void Missed(string nodeId, SlowlogMissed missed) =>
            logger.LogWarning("{Instance}/{Node}/{Kind}: MISSED {Count} entries before id {Id} ({Reason})", instanceId, nodeId, SlowlogKind,
                missed.Count, missed.BeforeId, missed.Reason);
    }
}
