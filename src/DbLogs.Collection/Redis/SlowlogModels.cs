using DbLogs.Core.Ingest;

namespace DbLogs.Collection.Redis;

/// <summary>A Redis node whose SLOWLOG is polled, by its id in the service's registry.</summary>
public sealed record SlowlogNode(string NodeId, RedisEndpoint Endpoint);

/// <summary>How the poller works: every <see cref="Interval"/> it reads <c>SLOWLOG GET <see cref="Count"/></c>; commands time out after <see cref="Timeout"/>.</summary>
public sealed record SlowlogSettings(TimeSpan Interval, int Count, TimeSpan Timeout)
{
    public static readonly SlowlogSettings Default = new(TimeSpan.FromSeconds(10), 128, TimeSpan.FromSeconds(5));
}

/// <summary>How far the poller has shipped a node's slow log: the newest entry id of the server run <see cref="RunId"/> (-1: none yet).</summary>
public sealed record SlowlogCursor(string RunId, long LastId);

/// <summary>Where polled entries go: the ingest route (agent) or the ingest service in-process (serve).</summary>
public interface ISlowlogSink
{
    /// <summary>Stores the batch idempotently; returns once the service holds it.</summary>
    Task SendAsync(SlowlogBatch batch, CancellationToken ct);

    /// <summary>Sets (or with null clears) what the operator view shows as the source's last error.</summary>
    Task ReportErrorAsync(string nodeId, string? error, CancellationToken ct);
}

/// <summary>What the poller reports about itself; the host decides how to log it.</summary>
public interface ISlowlogEvents
{
    void PollFailed(string nodeId, Exception error)
    {
    }

    void Missed(string nodeId, SlowlogMissed missed)
    {
    }
}
