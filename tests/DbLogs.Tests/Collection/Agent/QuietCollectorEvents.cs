using DbLogs.Collection.Agent;
using DbLogs.Collection.Tailing;

namespace DbLogs.Tests.Collection.Agent;

internal sealed class QuietCollectorEvents : ICollectorEvents
{
    public void SendFailed(SourceSpec source, Exception error, TimeSpan retryIn)
    {
    }

    public void SendRecovered(SourceSpec source)
    {
    }

    public void GapDetected(SourceSpec source, GapRecord gap)
    {
    }

    public void Rewound(SourceSpec source, string fileId, long offset)
    {
    }
}
