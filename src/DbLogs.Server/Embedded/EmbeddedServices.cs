using DbLogs.Collection.Redis;
using Microsoft.Extensions.Configuration;

namespace DbLogs.Server.Embedded;

public static class EmbeddedServices
{
    /// <summary>
    /// The collectors inside <c>dblogs serve</c> (off with <c>EmbeddedCollector=false</c>): log files, Redis
    /// <c>SLOWLOG</c> and MariaDB audit policies of the nodes on this host. Poller settings: <c>SlowlogInterval</c> (TimeSpan, default 10 s),
    /// <c>SlowlogCount</c> (entries per <c>SLOWLOG GET</c>, default 128), <c>SlowlogTimeout</c> (default 5 s).
    /// </summary>
    public static IServiceCollection AddEmbeddedCollectors(this IServiceCollection services, IConfiguration configuration)
    {
        var defaults = SlowlogSettings.Default;
        services.AddSingleton(new SlowlogSettings(
            configuration.GetValue("SlowlogInterval", defaults.Interval),
            configuration.GetValue("SlowlogCount", defaults.Count),
            configuration.GetValue("SlowlogTimeout", defaults.Timeout)));
        services.AddHostedService<EmbeddedCollector>();
        services.AddHostedService<EmbeddedSlowlogPoller>();
        services.AddHostedService<EmbeddedAuditPolicyApplier>();
        return services;
    }
}
