using System.Buffers;
using System.Globalization;
using System.Text;

namespace DbLogs.Collection.Redis;

/// <summary>
/// Sends RESP2 commands over a stream and reads their replies into a buffer rented from the shared pool, growing
/// it while a reply is incomplete. Not thread-safe: one command at a time. A timeout or a protocol error leaves
/// the connection in an unknown state; dispose it.
/// </summary>
public sealed class RespConnection(Stream stream, TimeSpan timeout) : IAsyncDisposable
{
    private const int InitialBuffer = 16 << 10;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _start;
    private int _end;

    /// <summary>Sends <paramref name="args"/> as one command and returns the reply (an error reply is returned, not thrown).</summary>
    public async Task<RespValue> ExecuteAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await stream.WriteAsync(Encode(args), deadline.Token);
            await stream.FlushAsync(deadline.Token);
            return await ReadReplyAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"No reply to {args[0]} within {timeout.TotalSeconds:0.###} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A command as a RESP array of bulk strings.</summary>
    public static byte[] Encode(IReadOnlyList<string> args)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"*{args.Count}\r\n");
        foreach (var arg in args)
        {
            text.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(arg)}\r\n").Append(arg).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private async Task<RespValue> ReadReplyAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_end > _start && RespParser.TryParse(_buffer.AsSpan(_start, _end - _start), out var value, out var consumed))
            {
                _start += consumed;
                if (_start == _end)
                {
                    _start = _end = 0;
                }

                return value!;
            }

            MakeRoom();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), ct);
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }

            _end += read;
        }
    }

    /// <summary>Moves the unparsed bytes to the front, and doubles the buffer when they fill most of it.</summary>
    private void MakeRoom()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }

        if (_buffer.Length - _end < 4096)
        {
            if (_buffer.Length >= RespParser.MaxBulkBytes * 2)
            {
                throw new RespProtocolException("Reply larger than the client accepts.");
            }

            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
