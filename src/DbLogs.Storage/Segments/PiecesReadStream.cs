using System.Buffers;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Segments;

/// <summary>
/// A forward-only view of bytes [start, end) of a stream kept as blob pieces (contiguous, in order), read one piece at a time.
/// A piece gone since the listing (compacted into a compressed one, then collected) is found again by listing anew from there.
/// </summary>
/// <param name="open">Opens bytes of a piece: its offset and length within it; null when its object is gone.</param>
/// <param name="relist">The pieces holding bytes from a position to <paramref name="end"/>, as committed now.</param>
internal sealed class PiecesReadStream(
    IReadOnlyList<StreamPiece> pieces,
    long start,
    long end,
    Func<StreamPiece, long, long, CancellationToken, Task<Stream?>> open,
    Func<long, CancellationToken, Task<IReadOnlyList<StreamPiece>>> relist) : ReadOnlyStream
{
    private IReadOnlyList<StreamPiece> _pieces = pieces;
    private readonly long _start = start;
    private long _position = start;
    private int _next;
    private Stream? _current;
    private long _currentEnd;

    public override bool CanSeek => false;

    public override long Length => end - _start;

    public override long Position
    {
        get => _position - _start;
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    // Sync reads wait on the async ones: only compaction reads synchronously, on its own worker thread.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= end || buffer.IsEmpty)
        {
            return 0;
        }

        if (_current is null || _position >= _currentEnd)
        {
            await OpenNextAsync(cancellationToken);
        }

        var wanted = (int)Math.Min(buffer.Length, _currentEnd - _position);
        var read = await _current!.ReadAsync(buffer[..wanted], cancellationToken);
        if (read == 0)
        {
            throw new IOException($"A stream piece ended at {_position}, before {_currentEnd}.");
        }

        _position += read;
        return read;
    }

    private async Task OpenNextAsync(CancellationToken ct)
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
            _current = null;
        }

        for (var attempt = 0; ; attempt++)
        {
            while (_next < _pieces.Count && _pieces[_next].StreamEnd <= _position)
            {
                _next++;
            }

            var piece = _next < _pieces.Count && _pieces[_next].StreamStart <= _position ? _pieces[_next] : null;
            if (piece is not null)
            {
                _currentEnd = Math.Min(end, piece.StreamEnd);
                _current = await open(piece, _position - piece.StreamStart, _currentEnd - _position, ct);
                if (_current is not null)
                {
                    _next++;
                    return;
                }
            }

            if (attempt > 0)
            {
                throw new IOException(piece is null
                    ? $"No stream piece holds byte {_position}."
                    : $"The stream piece {piece.BlobKey} is missing from the blob store.");
            }

            (_pieces, _next) = (await relist(_position, ct), 0);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }

        base.Dispose(disposing);
    }
}
