namespace DbLogs.Processing.Streams;

public static class SegmentCompactionServices
{
    /// <summary>Compression of sealed segments: the compactor and the follower that wakes it after appends.</summary>
    public static IServiceCollection AddSegmentCompaction(this IServiceCollection services)
    {
        services.AddSingleton<GrownStreams>();
        services.AddSingleton<FollowerProgress>();
        services.AddSingleton<SegmentCompactor>();
        services.AddHostedService(sp => sp.GetRequiredService<SegmentCompactor>());
        services.AddSingleton<IStreamFollower, SegmentCompactionTrigger>();
        return services;
    }
}
