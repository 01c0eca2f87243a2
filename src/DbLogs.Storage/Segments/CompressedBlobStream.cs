using System.Buffers;
using DbLogs.Storage.Blobs;

namespace DbLogs.Storage.Segments;

/// <summary>
/// Reads a compressed stream piece (seekable zstd, as <see cref="SegmentCompression"/> writes it) forward from a raw offset to a
/// raw end: each frame is one ranged read of its compressed bytes, decompressed into one pooled buffer, and of the frame holding
/// the end only the bytes up to it.
/// </summary>
internal sealed class CompressedBlobStream(IBlobStore blobs, string key, SeekTable table, long offset, long end) : ReadOnlyStream
{
    private readonly long _end = Math.Min(end, table.RawLength);
    private byte[] _frame = ArrayPool<byte>.Shared.Rent(Math.Max(1, table.LargestFrame));
    private byte[] _compressed = ArrayPool<byte>.Shared.Rent(Math.Max(1, table.LargestCompressedFrame));
    private int _frameIndex = -1;
    private int _frameLength;
    private int _offset;

    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (table.Frames == 0 || offset >= _end)
        {
            return 0;
        }

        if (_frameIndex < 0)
        {
            await LoadAsync(table.FrameAt(offset), cancellationToken);
            _offset = (int)Math.Min(offset - table.RawStart(_frameIndex), _frameLength);
        }
        else if (_offset == _frameLength)
        {
            if (_frameIndex + 1 >= table.Frames || table.RawStart(_frameIndex + 1) >= _end)
            {
                return 0;
            }

            await LoadAsync(_frameIndex + 1, cancellationToken);
            _offset = 0;
        }

        var count = Math.Min(buffer.Length, _frameLength - _offset);
        _frame.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    private async Task LoadAsync(int frame, CancellationToken ct)
    {
        var size = table.CompressedSize(frame);
        await using (var bytes = await blobs.OpenReadAsync(key, table.CompressedStart(frame), size, ct)
            ?? throw new IOException($"The compressed stream piece {key} is missing from the blob store."))
        {
            await bytes.ReadExactlyAsync(_compressed.AsMemory(0, size), ct);
        }

        _frameLength = (int)Math.Clamp(_end - table.RawStart(frame), 0, table.RawSize(frame));
        FramePrefix.Decode(_compressed, size, table.RawSize(frame), _frame.AsSpan(0, _frameLength), key, frame);
        _frameIndex = frame;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _frame.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_frame);
            ArrayPool<byte>.Shared.Return(_compressed);
            _frame = [];
            _compressed = [];
        }

        base.Dispose(disposing);
    }
}
