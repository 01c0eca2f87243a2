namespace DbLogs.Storage.Segments;

/// <summary>
/// A read-only, forward-only view of bytes [start, end) of a segmented stream; opens one segment at a time, raw or
/// compressed. A raw segment compacted since the listing is found again by listing anew.
/// </summary>
internal sealed class SegmentReadStream(Func<List<SegmentStore.Segment>> list, long start, long end) : ReadOnlyStream
{
    private readonly long _start = start;
    private long _position = start;
    private List<SegmentStore.Segment> _segments = list();
    private Stream? _current;
    private SegmentStore.Segment? _currentSegment;

    public override bool CanSeek => false;
    public override long Length => end - _start;

    public override long Position
    {
        get => _position - _start;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= end || buffer.IsEmpty)
        {
            return 0;
        }

        var stream = StreamAt(_position);
        var wanted = (int)Math.Min(buffer.Length, Math.Min(end, _currentSegment!.Start + _currentSegment.Length) - _position);
        var read = stream.Read(buffer[..wanted]);
        if (read == 0)
        {
            throw new IOException($"Segment {_currentSegment.Path} is shorter than the store's records say.");
        }

        _position += read;
        return read;
    }

    // A raw segment is the stream's recent tail (compaction trails the followers), mostly still in the page cache, and a compressed one
    // is read a frame at a time (CompressedSegmentStream): a read on the calling thread costs less than the thread-pool hop of a
    // synchronous file's async read.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private Stream StreamAt(long position)
    {
        if (_current is not null && position < _currentSegment!.Start + _currentSegment.Length)
        {
            return _current;
        }

        _current?.Dispose();
        _current = null;
        try
        {
            _current = Open(position);
        }
        catch (FileNotFoundException)
        {
            _segments = list();
            _current = Open(position);
        }

        return _current;
    }

    private Stream Open(long position)
    {
        _currentSegment = _segments.LastOrDefault(s => s.Start <= position && position < s.Start + s.Length)
            ?? throw new IOException($"No segment holds byte {position}.");
        var offset = position - _currentSegment.Start;
        if (_currentSegment.Compressed)
        {
            return new CompressedSegmentStream(_currentSegment.Path, _currentSegment.Table!, offset, end - _currentSegment.Start);
        }

        var raw = new FileStream(_currentSegment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: false);
        raw.Seek(offset, SeekOrigin.Begin);
        return raw;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }

        base.Dispose(disposing);
    }
}
