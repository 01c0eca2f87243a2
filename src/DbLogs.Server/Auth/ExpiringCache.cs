using System.Collections.Concurrent;

namespace DbLogs.Server.Auth;

/// <summary>
/// A small memo of registry answers for the hot request path. An entry lives until the TTL or the deadline its caller
/// gives, whichever is first; when full the cache is simply emptied, so its size stays bounded.
/// </summary>
public sealed class ExpiringCache<TKey, TValue>(TimeProvider clock, TimeSpan ttl, int capacity)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Until)> _entries = new();
    private long _version;

    /// <summary>Read before asking the store; an answer read before a <see cref="Clear"/> must not be remembered after it.</summary>
    public long Version => Interlocked.Read(ref _version);

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && clock.GetUtcNow() < entry.Until)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value, long version, DateTimeOffset? until = null)
    {
        var deadline = clock.GetUtcNow() + ttl;
        if (until < deadline)
        {
            deadline = until.Value;
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = (value, deadline);
        // Checked after the write: a Clear that raced with it either sees the entry or is seen here.
        if (Version != version)
        {
            _entries.TryRemove(key, out _);
        }
    }

    /// <summary>Drops one entry; like <see cref="Clear"/>, an answer read before it is not remembered after it.</summary>
    public void Forget(TKey key)
    {
        Interlocked.Increment(ref _version);
        _entries.TryRemove(key, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _version);
        _entries.Clear();
    }
}
