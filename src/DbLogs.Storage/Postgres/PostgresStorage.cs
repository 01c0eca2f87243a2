using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.MariadbSlow;
using DbLogs.Storage.RedisRun;
using DbLogs.Storage.RedisSlowlog;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Storage.Postgres;

public static class PostgresStorage
{
    /// <summary>Every metadata store interface, on the PostgreSQL database <paramref name="connectionString"/> names (secrets resolved).</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        services.AddSingleton(sp => new PostgresDatabase(connectionString(sp)));
        services.AddSingleton<IStorageSchema>(sp => sp.GetRequiredService<PostgresDatabase>());
        services.AddSingleton<IRegistryStore, PostgresRegistryStore>();
        services.AddSingleton<ITokenStore, PostgresTokenStore>();
        services.AddSingleton<IAgentKeyStore, PostgresAgentKeyStore>();
        services.AddSingleton<ISourceStore, PostgresSourceStore>();
        services.AddSingleton<ICollectorLeaseStore, PostgresCollectorLeaseStore>();
        services.AddSingleton<IRedisRunStore, PostgresRedisRunStore>();
        services.AddSingleton<IRedisSlowlogStore, PostgresRedisSlowlogStore>();
        services.AddSingleton<IMariadbAuditStore, PostgresMariadbAuditStore>();
        services.AddSingleton<IMariadbErrorStore, PostgresMariadbErrorStore>();
        services.AddSingleton<IMariadbSlowStore, PostgresMariadbSlowStore>();
        return services;
    }
}
