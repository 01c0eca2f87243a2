using System.Collections.Concurrent;

namespace DbLogs.Server.Auth.Passwords;

/// <summary>
/// Locks a user name after <see cref="LoginOptions.MaxFailuresPerUser"/> failed sign-ins and throttles an address after
/// <see cref="LoginOptions.MaxFailuresPerAddress"/>, each for <see cref="LoginOptions.LockoutDuration"/>. Names are
/// counted whether or not such a user exists, so a lockout does not tell which users exist.
/// </summary>
public sealed class LoginThrottle(DbLogsOptions options, TimeProvider clock)
{
    // Counters of names and addresses that stopped failing are dropped once this many are held.
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, FailureCounter> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FailureCounter> _addresses = new(StringComparer.Ordinal);

    private LoginOptions Login => options.Login;

    /// <summary>How long the caller must wait before this sign-in is checked; zero when it may go ahead.</summary>
    public TimeSpan RetryAfter(string userKey, string address)
    {
        var now = clock.GetUtcNow();
        var user = _users.TryGetValue(userKey, out var u) ? u.LockedFor(now) : TimeSpan.Zero;
        var client = _addresses.TryGetValue(address, out var a) ? a.LockedFor(now) : TimeSpan.Zero;
        return user > client ? user : client;
    }

    public void RecordFailure(string userKey, string address)
    {
        var now = clock.GetUtcNow();
        Counter(_users, userKey, now).RecordFailure(now, Login.MaxFailuresPerUser, Login.FailureWindow, Login.LockoutDuration);
        Counter(_addresses, address, now).RecordFailure(now, Login.MaxFailuresPerAddress, Login.FailureWindow, Login.LockoutDuration);
    }

    /// <summary>A successful sign-in clears the failures of its user name (not of its address).</summary>
    public void RecordSuccess(string userKey)
    {
        var now = clock.GetUtcNow();
        if (_users.TryGetValue(userKey, out var counter) && counter.LockedFor(now) == TimeSpan.Zero)
        {
            _users.TryRemove(userKey, out _);
        }
    }

    private FailureCounter Counter(ConcurrentDictionary<string, FailureCounter> counters, string key, DateTimeOffset now)
    {
        if (counters.Count > PruneAbove)
        {
            foreach (var (idleKey, counter) in counters)
            {
                if (counter.IsIdle(now, Login.FailureWindow))
                {
                    counters.TryRemove(idleKey, out _);
                }
            }
        }

        return counters.GetOrAdd(key, _ => new FailureCounter());
    }
}
