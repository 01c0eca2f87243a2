namespace DbLogs.Processing.Streams;

/// <summary>Settings of <see cref="StreamFollowers"/>, bound from the root of the service's configuration.</summary>
public sealed class FollowerOptions
{
    /// <summary>How often stream followers (cutters, parsers) run on streams that received nothing, so time limits apply.</summary>
    public TimeSpan FollowerInterval { get; set; } = TimeSpan.FromSeconds(10);
}
