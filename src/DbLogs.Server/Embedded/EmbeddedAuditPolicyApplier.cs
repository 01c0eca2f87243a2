using DbLogs.Collection.Mariadb;
using DbLogs.Server.Rds.AuditPolicies;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Registry;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Server.Embedded;

/// <summary>
/// The audit-policy half of the collector inside <c>dblogs serve</c>: applies each MySQL-family node's policy to the
/// server whose Unix socket exists on this host (a node without a local socket is left to <c>dblogs agent</c> on its host),
/// every <see cref="DbLogsOptions.AuditPolicyInterval"/> and right after a change is accepted. Of the service nodes sharing a
/// store (on one host), the one holding a MySQL node's policy lease applies its policy.
/// </summary>
public sealed class EmbeddedAuditPolicyApplier(
    IRegistryStore registry,
    AuditPolicyService policies,
    IWorkLeases leases,
    DbLogsOptions options,
    ILogger<EmbeddedAuditPolicyApplier> logger) : BackgroundService
{
    private readonly Dictionary<string, AuditPolicySync> _syncs = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.EmbeddedCollector)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Applying audit policies failed ({Error}); trying again", ex.Message);
            }

            await policies.WaitForChangeAsync(options.AuditPolicyInterval, stoppingToken);
        }
    }

    private async Task PassAsync(CancellationToken ct)
    {
        foreach (var project in await registry.ListProjectsAsync(ct))
        {
            foreach (var instance in await registry.ListInstancesAsync(project.Id, ct))
            {
                if (instance.Engine != Engine.Mysql)
                {
                    continue;
                }

                foreach (var node in await registry.ListNodesAsync(instance.Id, ct))
                {
                    if (node.Socket is not { Length: > 0 } socket || !File.Exists(socket))
                    {
                        continue;
                    }

                    if (!_syncs.TryGetValue(instance.Id, out var sync))
                    {
                        _syncs[instance.Id] = sync = new AuditPolicySync(new InProcessChannel(policies, instance.Id));
                    }

                    await leases.RunIfHeldAsync(WorkLeaseNames.AuditPolicy(instance.Id, node.Id), held => sync.SyncAsync(node.Id, held), ct);
                }
            }
        }
    }

    private sealed class InProcessChannel(AuditPolicyService policies, string instanceId) : IAuditPolicyChannel
    {
        public Task<NodeAuditPolicy?> FetchAsync(string nodeId, CancellationToken ct) =>
            policies.ForNodeAsync(instanceId, nodeId, ct);

        public Task ReportAsync(string nodeId, AuditPolicyOutcome outcome, CancellationToken ct) =>
            policies.ReportAsync(instanceId, nodeId, outcome.Version, outcome.Failure, outcome.Observed, ct);
    }
}
