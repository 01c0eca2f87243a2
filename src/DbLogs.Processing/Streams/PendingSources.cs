using System.Collections.Concurrent;
using System.Threading.Channels;

namespace DbLogs.Processing.Streams;

/// <summary>Sources asked to be worked on, each queued once until it is taken: repeated requests before then are coalesced.</summary>
public class PendingSources
{
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, byte> _queued = new();

    /// <summary>Asks for the source to be worked on soon.</summary>
    public void Notify(long sourceId)
    {
        if (_queued.TryAdd(sourceId, 0))
        {
            _queue.Writer.TryWrite(sourceId);
        }
    }

    /// <summary>The sources in the order they were asked for; a source taken can be asked for again.</summary>
    public async IAsyncEnumerable<long> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var sourceId in _queue.Reader.ReadAllAsync(ct))
        {
            _queued.TryRemove(sourceId, out _);
            yield return sourceId;
        }
    }
}
