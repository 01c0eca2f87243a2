using DbLogs.Storage.Segments;

namespace DbLogs.Storage.Files;

/// <summary>
/// The bytes of a <see cref="RangesManifest"/> as one seekable, read-only stream: seeking only moves the position;
/// a read opens the stream range holding it (<see cref="IStreamStore.OpenReadAsync"/>) and keeps reading from there.
/// </summary>
internal sealed class RangesReadStream : ReadOnlyStream, IRangesBacked
{
    private readonly IStreamStore _streams;
    private readonly long _sourceId;
    private readonly IReadOnlyList<StreamRange> _ranges;
    private readonly long[] _offsets; // file offset where range i starts; [^1] is the length
    private long _position;
    private Stream? _current;
    private long _currentEnd;

    public RangesReadStream(IStreamStore streams, RangesManifest manifest)
    {
        Manifest = manifest;
        _streams = streams;
        _sourceId = manifest.SourceId;
        _ranges = manifest.Ranges;
        _offsets = new long[_ranges.Count + 1];
        for (var i = 0; i < _ranges.Count; i++)
        {
            _offsets[i + 1] = _offsets[i] + _ranges[i].Length;
        }
    }

    public RangesManifest Manifest { get; }

    public override bool CanSeek => true;
    public override long Length => _offsets[^1];

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != _position)
        {
            CloseCurrent();
            _position = target;
        }

        return _position;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var current = CurrentAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult(); // at once from the data directory
        if (current is null || buffer.IsEmpty)
        {
            return 0;
        }

        return Advance(current.Read(buffer[..Wanted(buffer.Length)]));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var current = await CurrentAsync(cancellationToken);
        if (current is null || buffer.IsEmpty)
        {
            return 0;
        }

        return Advance(await current.ReadAsync(buffer[..Wanted(buffer.Length)], cancellationToken));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Wanted(int length) => (int)Math.Min(length, _currentEnd - _position);

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw new IOException($"Stream {_sourceId} ended before byte {_position} of a collected file's ranges.");
        }

        _position += read;
        if (_position == _currentEnd)
        {
            CloseCurrent();
        }

        return read;
    }

    private async ValueTask<Stream?> CurrentAsync(CancellationToken ct)
    {
        if (_current is not null || _position >= Length)
        {
            return _current;
        }

        var found = Array.BinarySearch(_offsets, _position);
        var index = found >= 0 ? found : ~found - 1;
        while (_ranges[index].Length == 0)
        {
            index++;
        }

        var range = _ranges[index];
        _current = await _streams.OpenReadAsync(_sourceId, range.Start + (_position - _offsets[index]), range.End, ct);
        _currentEnd = _offsets[index + 1];
        return _current;
    }

    private void CloseCurrent()
    {
        _current?.Dispose();
        _current = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseCurrent();
        }

        base.Dispose(disposing);
    }
}
