using System.Globalization;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;

namespace DbLogs.Collection.Agent;

/// <summary>Writes the collector's state changes to the agent's log.</summary>
internal sealed class ConsoleCollectorEvents(AgentLog log) : ICollectorEvents
{
    public void SendFailed(SourceSpec source, Exception error, TimeSpan retryIn) =>
        log.Write(string.Create(CultureInfo.InvariantCulture,
            $"{source.Key}: shipping failed ({error.GetType().Name}: {error.Message}); retrying in {retryIn.TotalSeconds:0.0} s"));

    public void SendRecovered(SourceSpec source) => log.Write($"{source.Key}: shipping again");

    public void GapDetected(SourceSpec source, SourceGap gap) =>
        log.Write($"{source.Key}: LOST {gap.Bytes} bytes of {gap.FilePath} ({gap.Reason})");

    public void Rewound(SourceSpec source, string fileId, long offset) =>
        log.Write($"{source.Key}: the service holds file {fileId} up to {offset}; resending from there");

    public void FileMissing(SourceSpec source, DateTimeOffset since) =>
        log.Write($"{source.Key}: WARNING: {source.Path} does not exist (since {since:yyyy-MM-dd HH:mm:ss} UTC); waiting for it to appear");

    public void CheckpointFailed(Exception error) => log.Write($"saving the checkpoint failed ({error.Message}); trying again");
}
