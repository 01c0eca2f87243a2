using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>RotateAuditLog: closes the open audit file of every node of an instance now.</summary>
public sealed class AuditRotation(ISourceStore sources, AuditRotateRequests requests, StreamFollowers followers)
{
    public async Task RotateAsync(string instanceId, CancellationToken ct)
    {
        foreach (var source in await sources.ListSourcesAsync(instanceId, ct))
        {
            if (source.Kind != LogKind.MariadbAudit)
            {
                continue;
            }

            requests.Request(source.Id);
            await followers.CatchUpAsync(source.Id, ct);
        }
    }
}
