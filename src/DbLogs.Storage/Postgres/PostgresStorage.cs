using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.MariadbSlow;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.RedisRun;
using DbLogs.Storage.RedisSlowlog;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Storage.Postgres;

public static class PostgresStorage
{
    private static readonly (Type Service, Type Implementation)[] Stores =
    [
        (typeof(IRegistryStore), typeof(PostgresRegistryStore)), (typeof(ITokenStore), typeof(PostgresTokenStore)),
        (typeof(IAgentKeyStore), typeof(PostgresAgentKeyStore)), (typeof(ISourceStore), typeof(PostgresSourceStore)),
        (typeof(ICollectorLeaseStore), typeof(PostgresCollectorLeaseStore)), (typeof(IRedisRunStore), typeof(PostgresRedisRunStore)),
        (typeof(IRedisSlowlogStore), typeof(PostgresRedisSlowlogStore)), (typeof(IMariadbAuditStore), typeof(PostgresMariadbAuditStore)),
        (typeof(IMariadbErrorStore), typeof(PostgresMariadbErrorStore)), (typeof(IMariadbSlowStore), typeof(PostgresMariadbSlowStore)),
        (typeof(IAuditRecordStore), typeof(PostgresAuditRecordStore)),
    ];

    /// <summary>Every metadata store interface, on the PostgreSQL database <paramref name="connectionString"/> names (secrets resolved).</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        services.AddSingleton(sp => new PostgresDatabase(connectionString(sp)));
        services.AddSingleton<IStorageSchema>(sp => sp.GetRequiredService<PostgresDatabase>());
        foreach (var (service, implementation) in Stores)
        {
            services.AddSingleton(service, implementation);
        }

        services.AddSingleton<INodeStore>(sp => new SqlNodeStore(sp.GetRequiredService<PostgresDatabase>()));
        return services;
    }
}
