using System.Buffers;

namespace DbLogs.Processing.Streams;

/// <summary>
/// Walks the complete lines of a stream with one pooled buffer and tells each line's stream positions. A trailing
/// line without its '\n' is not returned by <see cref="NextAsync"/> (it is not whole yet); it is left in
/// <see cref="Tail"/>. The current line is only valid until the next call.
/// </summary>
public sealed class StreamLines : IDisposable
{
    private const int BufferBytes = 1 << 16;

    private readonly Stream _stream;
    private readonly bool _headsOnly;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _start;
    private int _filled;
    private bool _ended;

    /// <param name="stream">The bytes to read, from their current position.</param>
    /// <param name="position">Stream position of <paramref name="stream"/>'s first byte.</param>
    /// <param name="headsOnly">
    /// Keep memory bounded: a line longer than the buffer is returned with only its first bytes (for readers that
    /// only look at a line's start and copy its bytes from the stream themselves). Otherwise the buffer grows to
    /// hold the whole line.
    /// </param>
    public StreamLines(Stream stream, long position, bool headsOnly = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _headsOnly = headsOnly;
        LineStart = position;
        LineEnd = position;
    }

    /// <summary>Stream position where the current line starts.</summary>
    public long LineStart { get; private set; }

    /// <summary>Stream position just after the current line's '\n'.</summary>
    public long LineEnd { get; private set; }

    /// <summary>The current line without its '\n' (with heads only, just its first bytes when it is longer than the buffer).</summary>
    public ReadOnlyMemory<byte> Line { get; private set; }

    /// <summary>The current line with its '\n' (a line cut to its head has none).</summary>
    public ReadOnlyMemory<byte> LineWithNewline { get; private set; }

    /// <summary>
    /// Once <see cref="NextAsync"/> answered false: the bytes after the last '\n' (a line not finished yet;
    /// with heads only, at most its first bytes). It starts at <see cref="LineEnd"/>.
    /// </summary>
    public ReadOnlyMemory<byte> Tail { get; private set; }

    /// <summary>Moves to the next complete line; false at the end of the stream.</summary>
    // Most lines are already in the buffer: they are answered without the cost of an async method.
    public ValueTask<bool> NextAsync(CancellationToken ct) => NextInBuffer() ? ValueTask.FromResult(true) : ReadNextAsync(ct);

    private bool NextInBuffer()
    {
        var newline = _buffer.AsSpan(_start, _filled - _start).IndexOf((byte)'\n');
        if (newline < 0)
        {
            return false;
        }

        LineStart = LineEnd;
        TakeLine(newline, newline, 0);
        return true;
    }

    /// <summary>
    /// Makes the buffered line of <paramref name="length"/> bytes (before its '\n') the current one; with <paramref name="skipped"/>
    /// bytes dropped from its middle (heads only), just its first <paramref name="kept"/> bytes are returned.
    /// </summary>
    private void TakeLine(int length, int kept, long skipped)
    {
        Line = _buffer.AsMemory(_start, skipped > 0 ? kept : length);
        LineWithNewline = skipped > 0 ? Line : _buffer.AsMemory(_start, length + 1);
        LineEnd = LineStart + skipped + length + 1;
        _start += length + 1;
    }

    private async ValueTask<bool> ReadNextAsync(CancellationToken ct)
    {
        LineStart = LineEnd;
        var scanned = _filled - _start; // NextInBuffer found no '\n' in the bytes buffered
        long skipped = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _filled - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                TakeLine(scanned + newline, scanned, skipped);
                return true;
            }

            scanned = _filled - _start;
            if (_ended)
            {
                Line = LineWithNewline = default;
                Tail = _buffer.AsMemory(_start, skipped > 0 ? _buffer.Length / 2 : scanned);
                return false;
            }

            if (_start > 0)
            {
                // Keep the line's start; read more after it.
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, scanned);
                _filled = scanned;
                _start = 0;
            }
            else if (_filled == _buffer.Length)
            {
                if (_headsOnly)
                {
                    // A line longer than the buffer: keep its first half as the head, drop the rest until its '\n'.
                    var keep = _buffer.Length / 2;
                    skipped += _filled - keep;
                    _filled = keep;
                    scanned = keep;
                }
                else
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                    Buffer.BlockCopy(_buffer, 0, bigger, 0, _filled);
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = bigger;
                }
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_filled), ct);
            if (read == 0)
            {
                _ended = true;
            }

            _filled += read;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
