using System.Globalization;
using DbLogs.Collection.Redis;

namespace DbLogs.Cli.Commands;

/// <summary>Writes the slowlog poller's problems as one line each, with a UTC time stamp.</summary>
internal sealed class ConsoleSlowlogEvents(TextWriter output) : ISlowlogEvents
{
    public void PollFailed(string nodeId, Exception error) =>
        Write($"{nodeId}/redis-slowlog: polling failed ({error.GetType().Name}: {error.Message})");

    public void Missed(string nodeId, SlowlogMissed missed) =>
        Write($"{nodeId}/redis-slowlog: MISSED {missed.Count} entries before id {missed.BeforeId} ({missed.Reason})");

    private void Write(string message)
    {
        lock (output)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} dblogs agent: {message}"));
        }
    }
}
