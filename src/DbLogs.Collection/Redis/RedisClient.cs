using System.Net.Sockets;

namespace DbLogs.Collection.Redis;

/// <summary>A small RESP2 client: one TCP connection, authenticated on connect when the endpoint has a password.</summary>
public sealed class RedisClient : IAsyncDisposable
{
    private readonly RespConnection _connection;

    private RedisClient(RespConnection connection) => _connection = connection;

    /// <param name="clientName">Set with <c>CLIENT SETNAME</c> after authenticating: the name SLOWLOG and CLIENT LIST show.</param>
    public static async Task<RedisClient> ConnectAsync(RedisEndpoint endpoint, TimeSpan timeout, CancellationToken ct, string? clientName = null)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                deadline.CancelAfter(timeout);
                try
                {
                    await tcp.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"Connecting to {endpoint} took longer than {timeout.TotalSeconds:0.###} s.");
                }
            }

            var client = new RedisClient(new RespConnection(tcp.GetStream(), timeout));
            tcp = null; // the stream owns the socket now
            try
            {
                if (endpoint.Password is not null)
                {
                    await client.ExecuteAsync(endpoint.User is null ? ["AUTH", endpoint.Password] : ["AUTH", endpoint.User, endpoint.Password], ct);
                }

                if (clientName is not null)
                {
                    await client.ExecuteAsync(["CLIENT", "SETNAME", clientName], ct);
                }
            }
            catch
            {
                await client.DisposeAsync();
                throw;
            }

            return client;
        }
        finally
        {
            tcp?.Dispose();
        }
    }

    /// <summary>Runs a command; an error reply becomes a <see cref="RedisReplyException"/>.</summary>
    public async Task<RespValue> ExecuteAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var reply = await _connection.ExecuteAsync(args, ct);
        return reply.Type == RespType.Error ? throw new RedisReplyException($"{args[0]}: {reply.Text}") : reply;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
