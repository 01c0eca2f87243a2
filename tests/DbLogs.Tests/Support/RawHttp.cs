using System.Net.Sockets;
using System.Text;

namespace DbLogs.Tests.Support;

/// <summary>Exact bytes over a real socket, for requests no HttpClient would send (dot segments, broken framing).</summary>
public static class RawHttp
{
    /// <param name="Body">What followed the head, framing included.</param>
    public sealed record Answer(int Status, string Head, string Body)
    {
        /// <summary>The body without chunked framing.</summary>
        public string Content { get; init; } = Body;
    }

    /// <summary>
    /// Sends <paramref name="head"/> (CRLF line ends added) and <paramref name="body"/> and reads one answer. The sending side
    /// stays open (Kestrel takes a half-close for an aborted request), so a body shorter than its Content-Length is left waiting.
    /// </summary>
    public static async Task<Answer> SendAsync(Uri baseUrl, string head, byte[]? body = null, TimeSpan? timeout = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseUrl.Host, baseUrl.Port);
        var stream = client.GetStream();
        var request = head.Replace("\n", "\r\n", StringComparison.Ordinal).TrimEnd('\r', '\n') + "\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        if (body is not null)
        {
            await stream.WriteAsync(body);
        }

        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                if (IsComplete(received))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // A reset after the answer was sent: what arrived is the answer.
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no HTTP answer to:\n{request}\ngot: {text}");
        var statusLine = text[..text.IndexOf('\r', StringComparison.Ordinal)];
        var answer = new Answer(int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), text[..split], text[(split + 4)..]);
        return IsChunked(answer.Head.Split("\r\n"))
            ? answer with { Content = Dechunk(received.ToArray().AsSpan(Encoding.UTF8.GetByteCount(answer.Head) + 4)) }
            : answer;
    }

    private static bool IsChunked(IEnumerable<string> headers) => headers.Any(l =>
        l.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && l.Contains("chunked", StringComparison.OrdinalIgnoreCase));

    /// <summary>The data of a chunked body: each chunk is its size in hex, CRLF, the bytes, CRLF; a chunk of size 0 ends it.</summary>
    private static string Dechunk(ReadOnlySpan<byte> framed)
    {
        using var data = new MemoryStream();
        while (framed.IndexOf("\r\n"u8) is var lineEnd and > 0)
        {
            var sizeText = Encoding.ASCII.GetString(framed[..lineEnd]).Split(';')[0];
            var size = int.Parse(sizeText, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            if (size == 0 || framed.Length < lineEnd + 4 + size)
            {
                break;
            }

            data.Write(framed.Slice(lineEnd + 2, size));
            framed = framed[(lineEnd + 2 + size + 2)..];
        }

        return Encoding.UTF8.GetString(data.ToArray());
    }

    /// <summary>Whether a whole answer is in: its Content-Length of body, or a chunked body's last chunk.</summary>
    private static bool IsComplete(MemoryStream received)
    {
        var text = Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return false;
        }

        var headers = text[..split].Split("\r\n");
        if (IsChunked(headers))
        {
            return text.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
        }

        var lengthLine = headers.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return lengthLine is not null &&
            text.Length - split - 4 >= int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
