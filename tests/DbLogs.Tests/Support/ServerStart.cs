namespace DbLogs.Tests.Support;

/// <summary>
/// The start-up loop of the servers the tests launch (redis-server, mariadbd, dblogs serve): a port that was free when
/// chosen may be taken before the server binds it, so a failed start is tried again, a few times.
/// </summary>
public static class ServerStart
{
    /// <summary>Tries <paramref name="tryStartAsync"/> until it gives a server; fails the test with the last failure after
    /// <paramref name="attempts"/> tries, or at once when <paramref name="retryable"/> says the failure is not worth another try.</summary>
    /// <param name="tryStartAsync">Starts one server and returns it, or null and why (having cleaned up what it launched).</param>
    public static async Task<T> WithRetriesAsync<T>(Func<Task<(T? Server, string Failure)>> tryStartAsync, int attempts = 3,
        Func<string, bool>? retryable = null)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var (server, failure) = await tryStartAsync();
            if (server is not null)
            {
                return server;
            }

            if (attempt >= attempts || retryable?.Invoke(failure) == false)
            {
                Assert.Fail(attempt == 1 ? failure : $"{failure}\n(attempt {attempt} of {attempts})");
            }
        }
    }

    /// <summary>Whether a start failed only because another process had the port.</summary>
    public static bool PortTaken(string failure) => failure.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
}
