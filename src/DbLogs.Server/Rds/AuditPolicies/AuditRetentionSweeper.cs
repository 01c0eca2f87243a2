using Microsoft.Extensions.Hosting;

namespace DbLogs.Server.Rds.AuditPolicies;

/// <summary>Runs the audit-file retention pass at start-up and then every <see cref="Interval"/>.</summary>
public sealed class AuditRetentionSweeper(AuditFileRetention retention, ILogger<AuditRetentionSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var deleted = await retention.SweepAsync(stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} audit files past their instance's keep_days", deleted);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("The audit retention pass failed ({Error}); trying again in {Interval}", ex.Message, Interval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
