using DbLogs.Processing.Streams;
using Microsoft.Extensions.Configuration;

namespace DbLogs.Processing.MariadbAudit;

public static class AuditFileServices
{
    /// <summary>
    /// The audit file cutter, the record indexer (unless <c>AuditRecords:Enabled</c> is false), the cutter's options (section
    /// <c>AuditFiles</c>), store and rotate requests, and retention by keep_days.
    /// </summary>
    public static IServiceCollection AddMariadbAuditFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(AuditFileOptions.Section).Get<AuditFileOptions>()
                                    ?? new AuditFileOptions());
        services.AddSingleton<AuditRotateRequests>();
        services.AddSingleton<AuditRotation>();
        services.AddSingleton<IStreamFollower, AuditFileCutter>();
        if (configuration.GetValue("AuditRecords:Enabled", true))
        {
            services.AddSingleton<IStreamFollower, AuditRecordFollower>();
        }

        services.AddSingleton<AuditFileRetention>();
        services.AddHostedService<AuditRetentionSweeper>();
        return services;
    }
}
