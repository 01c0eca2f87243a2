using DbLogs.Processing.Streams;
using DbLogs.Storage.Nodes;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>Runs the audit-file retention pass at start-up and then every <see cref="Interval"/>.</summary>
public sealed class AuditRetentionSweeper(AuditFileRetention retention, IWorkLeases leases, ILogger<AuditRetentionSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(leases, WorkLeaseNames.Sweep("audit-retention"), Interval, runAtStart: true, SweepAsync,
            ex => logger.LogWarning("The audit retention pass failed ({Error}); trying again in {Interval}", ex.Message, Interval), stoppingToken);

    private async Task SweepAsync(CancellationToken ct)
    {
        var deleted = await retention.SweepAsync(ct);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} audit files past their instance's keep_days", deleted);
        }
    }
}
