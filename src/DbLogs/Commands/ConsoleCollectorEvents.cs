using System.Globalization;
using DbLogs.Collection.Agent;
using DbLogs.Collection.Tailing;

namespace DbLogs.Cli.Commands;

/// <summary>Writes the collector's state changes as one line each, with a UTC time stamp.</summary>
internal sealed class ConsoleCollectorEvents(TextWriter output) : ICollectorEvents
{
    public void SendFailed(SourceSpec source, Exception error, TimeSpan retryIn) =>
        Write($"{source.Key}: shipping failed ({error.GetType().Name}: {error.Message}); retrying in {retryIn.TotalSeconds:0.0} s");

    public void SendRecovered(SourceSpec source) => Write($"{source.Key}: shipping again");

    public void GapDetected(SourceSpec source, GapRecord gap) =>
        Write($"{source.Key}: LOST {gap.Bytes} bytes of {gap.FilePath} ({gap.Reason})");

    public void Rewound(SourceSpec source, string fileId, long offset) =>
        Write($"{source.Key}: the service holds file {fileId} up to {offset}; resending from there");

    public void CheckpointFailed(Exception error) => Write($"saving the checkpoint failed ({error.Message}); trying again");

    private void Write(string message)
    {
        lock (output)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} dblogs agent: {message}"));
        }
    }
}
