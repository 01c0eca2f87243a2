using DbLogs.Collection.Redis;
using DbLogs.Core.Ingest;

namespace DbLogs.Collection.Agent;

/// <summary>Writes the slowlog poller's problems to the agent's log.</summary>
internal sealed class ConsoleSlowlogEvents(AgentLog log) : ISlowlogEvents
{
    public void PollFailed(string nodeId, Exception error) =>
        log.Write($"{nodeId}/redis-slowlog: polling failed ({error.GetType().Name}: {error.Message})");

    public void Missed(string nodeId, SlowlogMissed missed) =>
        log.Write($"{nodeId}/redis-slowlog: MISSED {missed.Count} entries before id {missed.BeforeId} ({missed.Reason})");
}
