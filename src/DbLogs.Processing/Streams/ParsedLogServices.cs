using DbLogs.Processing.MariadbError;
using DbLogs.Processing.MariadbSlow;

namespace DbLogs.Processing.Streams;

public static class ParsedLogServices
{
    /// <summary>The followers that turn collected MariaDB error and slow logs into the rows ListErrorLogs and ListSlowLogs read.</summary>
    public static IServiceCollection AddMariadbParsedLogs(this IServiceCollection services)
    {
        services.AddSingleton<IStreamFollower, MariadbErrorLogFollower>();
        services.AddSingleton<IStreamFollower, MariadbSlowLogFollower>();
        return services;
    }
}
