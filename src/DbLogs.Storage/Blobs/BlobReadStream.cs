using DbLogs.Storage.Segments;

namespace DbLogs.Storage.Blobs;

/// <summary>
/// A forward-only window of <paramref name="length"/> bytes over <paramref name="inner"/> (positioned at the window's start),
/// which it owns, with whatever else must live as long (<paramref name="owner"/>: an HTTP response). An inner stream that ends
/// before the window does is an error, not a short object.
/// </summary>
internal sealed class BlobReadStream(Stream inner, long length, IDisposable? owner = null) : ReadOnlyStream
{
    private long _position;

    public override bool CanSeek => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) =>
        buffer.IsEmpty || _position == length ? 0 : Advance(inner.Read(buffer[..Wanted(buffer.Length)]));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty || _position == length ? 0 : Advance(await inner.ReadAsync(buffer[..Wanted(buffer.Length)], cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Wanted(int room) => (int)Math.Min(room, length - _position);

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw new IOException($"A blob ended after {_position} of the {length} bytes it was read for.");
        }

        _position += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owner?.Dispose();
        }

        base.Dispose(disposing);
    }
}
