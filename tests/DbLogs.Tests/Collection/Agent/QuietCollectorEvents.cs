using DbLogs.Collection.Agent;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;

namespace DbLogs.Tests.Collection.Agent;

internal sealed class QuietCollectorEvents : ICollectorEvents
{
    public void SendFailed(SourceSpec source, Exception error, TimeSpan retryIn)
    {
    }

    public void SendRecovered(SourceSpec source)
    {
    }

    public void GapDetected(SourceSpec source, SourceGap gap)
    {
    }

    public void Rewound(SourceSpec source, string fileId, long offset)
    {
    }
}
