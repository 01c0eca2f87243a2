using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace DbLogs.Core.Pooling;

/// <summary>
/// Things kept for reuse, at most <paramref name="capacity"/> of them, in <paramref name="items"/> (which decides the order
/// they come back in); thread-safe. A thing offered past the capacity is not kept, and the caller drops it.
/// </summary>
public sealed class BoundedReuse<T>(int capacity, IProducerConsumerCollection<T> items)
{
    // Counted beside the collection: asking a ConcurrentBag or ConcurrentQueue for its count takes a snapshot.
    private int _count;

    /// <summary>How many are kept now.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool TryTake([MaybeNullWhen(false)] out T item)
    {
        if (!items.TryTake(out item))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>Keeps <paramref name="item"/> if there is room; false when the caller must drop it.</summary>
    public bool TryKeep(T item)
    {
        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        items.TryAdd(item);
        return true;
    }
}
