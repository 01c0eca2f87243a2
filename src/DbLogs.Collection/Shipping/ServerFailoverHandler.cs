namespace DbLogs.Collection.Shipping;

/// <summary>
/// Sends each request to the first of the agent's servers that has not failed lately. A server that refuses the
/// connection, cannot be reached or answers 5xx is passed over for <see cref="RetryAfter"/> and the same request goes to
/// the next one at once; once that time is up the earlier server is tried first again, so the agent comes back to it.
/// When every server fails, the last failure is what the caller sees (and retries as before). Safe for ingest because a
/// batch is identified by its source, file and offset, whichever node stores it.
/// </summary>
public sealed class ServerFailoverHandler(HttpMessageHandler inner, IReadOnlyList<Uri> servers, TimeProvider clock, Action<string> onFailover)
    : DelegatingHandler(inner)
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private readonly long[] _downUntil = new long[servers.Count];

    public TimeSpan PassOverFor { get; init; } = RetryAfter;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri ?? throw new InvalidOperationException("The request has no address.");
        var order = Order();
        for (var i = 0; ; i++)
        {
            var index = order[i];
            var last = i == order.Count - 1;
            request.RequestUri = On(servers[index], path);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if ((int)response.StatusCode < 500)
                {
                    Volatile.Write(ref _downUntil[index], 0);
                    return response;
                }

                Failed(index, $"answered {(int)response.StatusCode}");
                if (last)
                {
                    return response;
                }

                response.Dispose();
            }
            catch (Exception ex) when (IsUnreachable(ex, cancellationToken))
            {
                Failed(index, ex.Message);
                if (last)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>Servers not passed over first, in the configured order, then the others, the one back soonest first.</summary>
    private List<int> Order()
    {
        var now = clock.GetUtcNow().UtcTicks;
        var up = Enumerable.Range(0, servers.Count).Where(i => Volatile.Read(ref _downUntil[i]) <= now);
        var down = Enumerable.Range(0, servers.Count).Where(i => Volatile.Read(ref _downUntil[i]) > now).OrderBy(i => Volatile.Read(ref _downUntil[i]));
        return [.. up, .. down];
    }

    private void Failed(int index, string why)
    {
        var now = clock.GetUtcNow().UtcTicks;
        if (Interlocked.Exchange(ref _downUntil[index], now + PassOverFor.Ticks) <= now)
        {
            onFailover($"server {servers[index]} failed ({why}); using the next for {PassOverFor.TotalSeconds:0} s");
        }
    }

    private static bool IsUnreachable(Exception ex, CancellationToken ct) =>
        ex is HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested);

    private static Uri On(Uri server, Uri path) =>
        new UriBuilder(path) { Scheme = server.Scheme, Host = server.Host, Port = server.Port }.Uri;
}
