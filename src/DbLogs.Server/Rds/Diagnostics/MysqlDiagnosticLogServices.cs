using DbLogs.Server.Ingest;

namespace DbLogs.Server.Rds.Diagnostics;

public static class MysqlDiagnosticLogServices
{
    /// <summary>The followers that turn collected MariaDB error and slow logs into the rows ListErrorLogs and ListSlowLogs read.</summary>
    public static IServiceCollection AddMysqlDiagnosticLogs(this IServiceCollection services)
    {
        services.AddSingleton<IStreamFollower, MariadbErrorLogFollower>();
        services.AddSingleton<IStreamFollower, MariadbSlowLogFollower>();
        return services;
    }
}
