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

namespace DbLogs.Storage.Sqlite;

public static class SqliteStorage
{
    /// <summary>Every metadata store interface, on one SQLite file at <paramref name="databasePath"/>.</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, Func<IServiceProvider, string> databasePath)
    {
        services.AddSingleton(sp => new SqliteDatabase(databasePath(sp)));
        services.AddSingleton<IStorageSchema>(sp => sp.GetRequiredService<SqliteDatabase>());
        services.AddSingleton(sp => sp.GetRequiredService<SqliteDatabase>().Records);
        services.AddSingleton<IRegistryStore, SqliteRegistryStore>();
        services.AddSingleton<ITokenStore, SqliteTokenStore>();
        services.AddSingleton<IAgentKeyStore, SqliteAgentKeyStore>();
        services.AddSingleton<ISourceStore, SqliteSourceStore>();
        services.AddSingleton<ICollectorLeaseStore, SqliteCollectorLeaseStore>();
        services.AddSingleton<INodeStore>(sp => new SqlNodeStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IRedisRunStore, SqliteRedisRunStore>();
        services.AddSingleton<IRedisSlowlogStore, SqliteRedisSlowlogStore>();
        services.AddSingleton<IMariadbAuditStore, SqliteMariadbAuditStore>();
        services.AddSingleton<IAuditRecordStore, SqliteAuditRecordStore>();
        services.AddSingleton<IMariadbErrorStore, SqliteMariadbErrorStore>();
        services.AddSingleton<IMariadbSlowStore, SqliteMariadbSlowStore>();
        return services;
    }
}
