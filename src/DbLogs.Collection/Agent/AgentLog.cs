using System.Globalization;

namespace DbLogs.Collection.Agent;

/// <summary>The agent's own log: one line per state change, with a UTC time stamp, safe to call from any thread.</summary>
public sealed class AgentLog(TextWriter output)
{
    public void Write(string message)
    {
        lock (output)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} dblogs agent: {message}"));
        }
    }
}
