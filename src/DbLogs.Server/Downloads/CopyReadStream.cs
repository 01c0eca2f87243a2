using DbLogs.Storage.Segments;
using Microsoft.Win32.SafeHandles;

namespace DbLogs.Server.Downloads;

/// <summary>
/// A download copy, read as a web server reads its files: each read on the calling thread, straight from the page cache. A
/// <see cref="FileStream"/>'s asynchronous read on Linux queues the same blocking read to another thread, one hop per 64 KiB.
/// </summary>
internal sealed class CopyReadStream(SafeFileHandle handle) : ReadOnlyStream
{
    private readonly long _length = RandomAccess.GetLength(handle);
    private long _position;

    public override bool CanRead => !handle.IsClosed;
    public override bool CanSeek => !handle.IsClosed;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(Span<byte> buffer)
    {
        var read = ReadAt(buffer, _position);
        _position += read;
        return read;
    }

    /// <summary>Reads at <paramref name="offset"/>, leaving the position alone.</summary>
    public int ReadAt(Span<byte> buffer, long offset) => RandomAccess.Read(handle, buffer, offset);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => _length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
