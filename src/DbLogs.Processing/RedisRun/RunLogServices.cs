using Microsoft.Extensions.Configuration;

namespace DbLogs.Processing.RedisRun;

public static class RunLogServices
{
    /// <summary>Redis run-log day files: the cutter, collection jobs and the retention sweep.</summary>
    public static IServiceCollection AddRedisRunLogs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.Get<RunLogOptions>() ?? new RunLogOptions();
        if (options.RunLogKeepDays < 1 || options.RunLogSweepInterval <= TimeSpan.Zero || options.RunLogJobInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("RunLogKeepDays must be at least 1, and RunLogSweepInterval and RunLogJobInterval positive.");
        }

        services.AddSingleton(options);
        services.AddSingleton<RunLogDayCutter>();
        services.AddSingleton<RunLogJobs>();
        services.AddHostedService(sp => sp.GetRequiredService<RunLogJobs>());
        services.AddSingleton<RunLogRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<RunLogRetention>());
        return services;
    }
}
