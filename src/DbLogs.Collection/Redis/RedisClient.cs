using StackExchange.Redis;

namespace DbLogs.Collection.Redis;

/// <summary>
/// One Redis node through StackExchange.Redis: a single interactive connection (no pub/sub connection, no tie-breaker or
/// configuration channel), authenticated (password, or ACL user and password) and named on connect, TLS when the
/// endpoint asks. The library's errors are <see cref="RedisException"/>s (a refused password is a
/// <see cref="RedisConnectionException"/>, an error reply a <see cref="RedisServerException"/>) and
/// <see cref="RedisTimeoutException"/>s.
/// </summary>
public sealed class RedisClient : IAsyncDisposable
{
    private static readonly CommandMap SingleConnection = CommandMap.Create(
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "SUBSCRIBE", "UNSUBSCRIBE", "PSUBSCRIBE", "PUNSUBSCRIBE", "SSUBSCRIBE", "SUNSUBSCRIBE" },
        available: false);

    private readonly ConnectionMultiplexer _connection;
    private readonly IServer _server;

    private RedisClient(ConnectionMultiplexer connection)
    {
        _connection = connection;
        _server = connection.GetServer(connection.GetEndPoints()[0]);
    }

    /// <param name="clientName">The name SLOWLOG and CLIENT LIST show for this connection.</param>
    public static async Task<RedisClient> ConnectAsync(RedisEndpoint endpoint, TimeSpan timeout, CancellationToken ct, string? clientName = null)
    {
        var milliseconds = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);
        var options = new ConfigurationOptions
        {
            EndPoints = { { endpoint.Host, endpoint.Port } },
            User = endpoint.User,
            Password = endpoint.Password,
            ClientName = clientName,
            AllowAdmin = true, // INFO and SLOWLOG are admin commands to the library
            AbortOnConnectFail = true,
            ConnectRetry = 1, // the caller's own loop tries again
            ConnectTimeout = milliseconds,
            AsyncTimeout = milliseconds,
            SyncTimeout = milliseconds,
            CommandMap = SingleConnection,
            TieBreaker = string.Empty,
            ConfigurationChannel = string.Empty,
            Ssl = endpoint.Tls is not null,
            SslHost = endpoint.Tls is { } tls ? tls.ServerName ?? endpoint.Host : null,
        };
        if (endpoint.Tls?.CaFile is { } ca)
        {
            options.TrustIssuer(ca);
        }

        var connecting = ConnectionMultiplexer.ConnectAsync(options);
        try
        {
            return new RedisClient(await connecting.WaitAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: a connection that still comes up is closed, not left behind.
            _ = connecting.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>Runs a command; an error reply throws <see cref="RedisServerException"/>.</summary>
    public Task<RedisResult> ExecuteAsync(string command, params object[] args) => _server.ExecuteAsync(command, args);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
