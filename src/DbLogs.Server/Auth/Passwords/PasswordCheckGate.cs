namespace DbLogs.Server.Auth.Passwords;

/// <summary>
/// Runs password checks (about 200 ms of CPU each) a bounded number at a time, on the thread pool beside the request
/// threads, and turns away sign-ins beyond a short queue: a flood of guesses then costs one core at most and the
/// rest of the service keeps answering. An unknown user is checked against a dummy hash of the same cost, so both
/// answers take the same time.
/// </summary>
public sealed class PasswordCheckGate : IDisposable
{
    // Any salt and digest of the current scheme cost the same to verify as a real hash; nothing can match it.
    private static readonly string DummyHash = PasswordHasher.Unmatchable();

    private readonly SemaphoreSlim _slots;
    private readonly int _capacity;
    private int _admitted;

    public PasswordCheckGate(DbLogsOptions options)
    {
        var concurrent = options.Login.ConcurrentChecks > 0 ? options.Login.ConcurrentChecks : Math.Max(1, Environment.ProcessorCount / 2);
        _slots = new SemaphoreSlim(concurrent, concurrent);
        _capacity = concurrent + Math.Max(0, options.Login.QueuedChecks);
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>Whether <paramref name="password"/> matches <paramref name="storedHash"/> (never when it is null); null when too busy.</summary>
    public async Task<bool?> VerifyAsync(string password, string? storedHash, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _admitted) > _capacity)
        {
            Interlocked.Decrement(ref _admitted);
            return null;
        }

        try
        {
            await _slots.WaitAsync(ct);
            try
            {
                var matches = await Task.Run(() => PasswordHasher.Verify(password, storedHash ?? DummyHash), ct);
                return matches && storedHash is not null;
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _admitted);
        }
    }
}
