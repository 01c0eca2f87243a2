using DbLogs.Server.Ingest;
using Microsoft.Extensions.Configuration;

namespace DbLogs.Server.Rds.AuditFiles;

public static class AuditFileServices
{
    /// <summary>The audit file cutter, its options (section <c>AuditFiles</c>), store and rotate requests.</summary>
    public static IServiceCollection AddRdsAuditFiles(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(AuditFileOptions.Section).Get<AuditFileOptions>()
                                    ?? new AuditFileOptions());
        services.AddSingleton<AuditRotateRequests>();
        services.AddSingleton<AuditRotation>();
        services.AddSingleton<IStreamFollower, AuditFileCutter>();
        return services;
    }
}
