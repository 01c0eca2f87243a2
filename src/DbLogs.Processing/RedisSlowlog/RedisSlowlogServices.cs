using DbLogs.Storage.RedisSlowlog;
using DbLogs.Storage.Sqlite;

namespace DbLogs.Processing.RedisSlowlog;

public static class RedisSlowlogServices
{
    /// <summary>The slowlog store and its ingest (the embedded poller is registered with the other embedded collectors).</summary>
    public static IServiceCollection AddRedisSlowlog(this IServiceCollection services)
    {
        services.AddSingleton<IRedisSlowlogStore, SqliteRedisSlowlogStore>();
        services.AddSingleton<RedisSlowlogIngest>();
        return services;
    }
}
