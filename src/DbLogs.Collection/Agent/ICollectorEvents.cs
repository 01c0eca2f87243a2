using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;

namespace DbLogs.Collection.Agent;

/// <summary>What the collector reports about itself; the host decides how to log it.</summary>
public interface ICollectorEvents
{
    void SendFailed(SourceSpec source, Exception error, TimeSpan retryIn);

    void SendRecovered(SourceSpec source);

    void GapDetected(SourceSpec source, SourceGap gap);

    void Rewound(SourceSpec source, string fileId, long offset);

    void CheckpointFailed(Exception error)
    {
    }

    /// <summary>The configured file has not existed since <paramref name="since"/> (a typo in the path, or a node not started).</summary>
    void FileMissing(SourceSpec source, DateTimeOffset since)
    {
    }
}
