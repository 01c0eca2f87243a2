using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DbLogs.Collection.Agent.Metrics;

/// <summary>
/// <c>metrics_listen</c>: a minimal HTTP/1.1 listener that answers <c>GET /metrics</c> for the scraper, one request per
/// connection, and 404 to anything else. Without the key check of the service's route, so meant for a loopback or private address.
/// </summary>
public sealed class AgentMetricsServer(TcpListener listener, Func<string> render) : IDisposable
{
    private const int MaxRequestHead = 8192;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Binds now, so a taken address fails the start rather than a later scrape.</summary>
    public static AgentMetricsServer Start(IPEndPoint endPoint, Func<string> render)
    {
        var listener = new TcpListener(endPoint);
        listener.Start();
        return new AgentMetricsServer(listener, render);
    }

    public IPEndPoint EndPoint => (IPEndPoint)listener.LocalEndpoint;

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(ct);
                _ = AnswerAsync(client, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public void Dispose() => listener.Dispose();

    private async Task AnswerAsync(TcpClient client, CancellationToken stop)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream, timeout.Token);
            var line = head[..Math.Max(0, head.IndexOf('\r', StringComparison.Ordinal))];
            var (status, type, body) = line is "GET /metrics HTTP/1.1" or "GET /metrics HTTP/1.0"
                ? ("200 OK", PrometheusTextWriter.ContentType, render())
                : ("404 Not Found", "text/plain; charset=utf-8", "only GET /metrics is served here\n");
            var bytes = Encoding.UTF8.GetBytes(body);
            var response = $"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), timeout.Token);
            await stream.WriteAsync(bytes, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidDataException)
        {
            // A scraper that went away or sent garbage; the next scrape is another connection.
        }
    }

    /// <summary>The request line and headers, up to the blank line.</summary>
    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxRequestHead];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                break;
            }

            read += n;
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return text;
            }
        }

        throw new InvalidDataException("no complete request head");
    }
}
