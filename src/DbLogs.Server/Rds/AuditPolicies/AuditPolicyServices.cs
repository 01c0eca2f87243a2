
namespace DbLogs.Server.Rds.AuditPolicies;

public static class AuditPolicyServices
{
    /// <summary>Real audit policies: the store, the service, the embedded applier and the retention sweeper.</summary>
    public static IServiceCollection AddRdsAuditPolicy(this IServiceCollection services)
    {
        services.AddSingleton<AuditFileRetention>();
        services.AddSingleton<AuditPolicyService>();
        services.AddHostedService<EmbeddedAuditPolicyApplier>();
        services.AddHostedService<AuditRetentionSweeper>();
        return services;
    }
}
