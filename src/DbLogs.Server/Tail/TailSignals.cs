using System.Collections.Concurrent;

namespace DbLogs.Server.Tail;

/// <summary>
/// Wakes the live tails of a source after each append: one shared task per source, completed and replaced by the
/// append, and the stream's committed length, so a waiting tail holds no thread and no buffer, a woken one needs no
/// store query to know how far to read, and ingest never waits for a tail (its cost per append is one dictionary write
/// and at most one task completion, whatever the number of tails). Also counts the tails open per source and in all, so
/// a flood of clients is refused instead of served slowly.
/// </summary>
public sealed class TailSignals
{
    public const int MaxPerSource = 200;
    public const int MaxInAll = 2000;

    private readonly ConcurrentDictionary<long, TaskCompletionSource> _next = new();
    private readonly ConcurrentDictionary<long, long> _lengths = new();
    private readonly Dictionary<long, int> _open = [];
    private readonly Lock _gate = new();
    private int _total;

    /// <summary>Called by ingest once an append to the source is committed: the stream is now <paramref name="length"/> bytes long.</summary>
    public void Appended(long sourceId, long length)
    {
        _lengths[sourceId] = length;
        if (_next.TryRemove(sourceId, out var waiting))
        {
            waiting.TrySetResult();
        }
    }

    /// <summary>A task that completes at the source's next append; take it before reading, so no append is missed.</summary>
    public Task NextAppend(long sourceId) =>
        _next.GetOrAdd(sourceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>The source's committed length as last announced by ingest, or <paramref name="known"/> when that is further.</summary>
    public long Length(long sourceId, long known) => Math.Max(known, _lengths.GetValueOrDefault(sourceId));

    public int Open(long sourceId)
    {
        lock (_gate)
        {
            return _open.GetValueOrDefault(sourceId);
        }
    }

    /// <summary>Counts a new tail in, or answers false when the source or the service has as many as it allows.</summary>
    public bool TryEnter(long sourceId)
    {
        lock (_gate)
        {
            var open = _open.GetValueOrDefault(sourceId);
            if (open >= MaxPerSource || _total >= MaxInAll)
            {
                return false;
            }

            _open[sourceId] = open + 1;
            _total++;
            return true;
        }
    }

    public void Leave(long sourceId)
    {
        lock (_gate)
        {
            _total--;
            var open = _open.GetValueOrDefault(sourceId) - 1;
            if (open <= 0)
            {
                _open.Remove(sourceId);
            }
            else
            {
                _open[sourceId] = open;
            }
        }
    }
}
