
namespace DbLogs.Server.Rds.AuditPolicies;

public static class AuditPolicyServices
{
    /// <summary>Real audit policies: the store and the service (the embedded applier is with the embedded collectors, retention with the audit files).</summary>
    public static IServiceCollection AddRdsAuditPolicy(this IServiceCollection services)
    {
        services.AddSingleton<AuditPolicyService>();
        return services;
    }
}
