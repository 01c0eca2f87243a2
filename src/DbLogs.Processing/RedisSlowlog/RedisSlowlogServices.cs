namespace DbLogs.Processing.RedisSlowlog;

public static class RedisSlowlogServices
{
    /// <summary>The slowlog ingest; its store comes with the storage (SQLite or PostgreSQL), the embedded poller with the other embedded collectors.</summary>
    public static IServiceCollection AddRedisSlowlog(this IServiceCollection services)
    {
        services.AddSingleton<RedisSlowlogIngest>();
        return services;
    }
}
