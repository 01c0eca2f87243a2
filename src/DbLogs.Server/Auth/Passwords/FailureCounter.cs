namespace DbLogs.Server.Auth.Passwords;

/// <summary>Failed attempts of one user name or address: a fixed window that locks when it fills up.</summary>
internal sealed class FailureCounter
{
    private readonly Lock _lock = new();
    private int _failures;
    private DateTimeOffset _windowStart;
    private DateTimeOffset _lockedUntil;

    /// <summary>How long the key stays locked from <paramref name="now"/>; zero when it is not.</summary>
    public TimeSpan LockedFor(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _lockedUntil > now ? _lockedUntil - now : TimeSpan.Zero;
        }
    }

    public void RecordFailure(DateTimeOffset now, int maxFailures, TimeSpan window, TimeSpan lockout)
    {
        lock (_lock)
        {
            if (now - _windowStart >= window)
            {
                _windowStart = now;
                _failures = 0;
            }

            if (++_failures >= maxFailures)
            {
                _lockedUntil = now + lockout;
                _failures = 0;
            }
        }
    }

    /// <summary>Whether the counter says nothing any more and can be dropped.</summary>
    public bool IsIdle(DateTimeOffset now, TimeSpan window)
    {
        lock (_lock)
        {
            return _lockedUntil <= now && now - _windowStart >= window;
        }
    }
}
