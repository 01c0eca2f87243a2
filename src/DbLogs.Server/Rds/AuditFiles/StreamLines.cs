using System.Buffers;

namespace DbLogs.Server.Rds.AuditFiles;

/// <summary>
/// Walks the complete lines of a stream range with one pooled buffer. A trailing line without its '\n' is not
/// returned (it is not whole yet). A line longer than the buffer is returned with only its first bytes in
/// <see cref="Head"/>: classifiers only look at a line's start, and the line's bytes themselves are copied from the
/// stream, never from here.
/// </summary>
internal sealed class StreamLines(Stream stream, long position) : IDisposable
{
    private const int BufferBytes = 1 << 16;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _start;
    private int _filled;
    private bool _ended;

    /// <summary>Stream position where the current line starts.</summary>
    public long LineStart { get; private set; } = position;

    /// <summary>Stream position just after the current line's '\n'.</summary>
    public long LineEnd { get; private set; } = position;

    /// <summary>The current line without its '\n' (only its first bytes when it is longer than the buffer).</summary>
    public ReadOnlyMemory<byte> Head { get; private set; }

    public async ValueTask<bool> NextAsync(CancellationToken ct)
    {
        LineStart = LineEnd;
        var scanned = 0;
        long skipped = 0;
        while (true)
        {
            var pending = _buffer.AsMemory(_start + scanned, _filled - _start - scanned);
            var newline = pending.Span.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                Head = _buffer.AsMemory(_start, skipped > 0 ? scanned : length);
                LineEnd = LineStart + skipped + length + 1;
                _start += length + 1;
                return true;
            }

            scanned = _filled - _start;
            if (_ended)
            {
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
                // A line longer than the buffer: keep its first half as the head, drop the rest until its '\n'.
                var keep = _buffer.Length / 2;
                skipped += _filled - keep;
                _filled = keep;
                scanned = keep;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_filled), ct);
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
