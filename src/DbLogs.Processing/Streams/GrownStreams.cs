using System.Collections.Concurrent;
using System.Threading.Channels;

namespace DbLogs.Processing.Streams;

/// <summary>
/// The sources whose streams grew since the <see cref="SegmentCompactor"/> last looked, each queued once until it is
/// taken. Apart from the compactor so that the follower that fills it (<see cref="SegmentCompactionTrigger"/>) and the
/// compactor, which reads every follower's cursor, do not depend on each other.
/// </summary>
public sealed class GrownStreams
{
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, byte> _queued = new();

    /// <summary>Asks for the source's sealed segments to be compressed soon; repeated requests are coalesced.</summary>
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
