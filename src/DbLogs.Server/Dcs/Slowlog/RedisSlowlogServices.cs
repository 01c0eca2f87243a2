using DbLogs.Collection.Redis;
using Microsoft.Extensions.Configuration;

namespace DbLogs.Server.Dcs.Slowlog;

public static class RedisSlowlogServices
{
    /// <summary>
    /// The slowlog ingest and the embedded poller. Settings: <c>SlowlogInterval</c> (TimeSpan, default 10 s),
    /// <c>SlowlogCount</c> (entries per <c>SLOWLOG GET</c>, default 128), <c>SlowlogTimeout</c> (default 5 s).
    /// </summary>
    public static IServiceCollection AddRedisSlowlog(this IServiceCollection services, IConfiguration configuration)
    {
        var defaults = SlowlogSettings.Default;
        services.AddSingleton(new SlowlogSettings(
            configuration.GetValue("SlowlogInterval", defaults.Interval),
            configuration.GetValue("SlowlogCount", defaults.Count),
            configuration.GetValue("SlowlogTimeout", defaults.Timeout)));
        services.AddSingleton<RedisSlowlogIngest>();
        services.AddHostedService<EmbeddedSlowlogPoller>();
        return services;
    }
}
