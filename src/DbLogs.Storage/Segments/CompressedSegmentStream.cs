using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace DbLogs.Storage.Segments;

/// <summary>
/// Reads a compressed segment forward from a raw offset to a raw end: decompresses only the frame holding that offset,
/// then one frame at a time, each into one pooled buffer, and of the frame holding the end only the bytes up to it.
/// </summary>
internal sealed class CompressedSegmentStream : ReadOnlyStream
{
    private readonly SafeFileHandle _file;
    private readonly string _path;
    private readonly SeekTable _table;
    private readonly long _end;
    private byte[] _frame;
    private byte[] _compressed;
    private int _frameIndex;
    private int _frameLength;
    private int _offset;

    public CompressedSegmentStream(string path, SeekTable table, long offset, long end)
    {
        _path = path;
        _table = table;
        _end = Math.Min(end, table.RawLength);
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _frame = ArrayPool<byte>.Shared.Rent(Math.Max(1, _table.LargestFrame));
        _compressed = ArrayPool<byte>.Shared.Rent(Math.Max(1, _table.LargestCompressedFrame));
        if (_table.Frames > 0)
        {
            Load(_table.FrameAt(offset));
            _offset = (int)Math.Min(offset - _table.RawStart(_frameIndex), _frameLength);
        }
    }

    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_offset == _frameLength)
        {
            if (_frameIndex + 1 >= _table.Frames || _table.RawStart(_frameIndex + 1) >= _end)
            {
                return 0;
            }

            Load(_frameIndex + 1);
            _offset = 0;
        }

        var count = Math.Min(buffer.Length, _frameLength - _offset);
        _frame.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    // Reading one frame is a short pread plus CPU-bound decompression: nothing to gain from an async file read.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    private void Load(int frame)
    {
        var compressed = _compressed.AsSpan(0, _table.CompressedSize(frame));
        if (RandomAccess.Read(_file, compressed, _table.CompressedStart(frame)) != compressed.Length)
        {
            throw new IOException($"Compressed segment {_path} is shorter than its seek table says.");
        }

        _frameLength = (int)Math.Clamp(_end - _table.RawStart(frame), 0, _table.RawSize(frame));
        FramePrefix.Decode(_compressed, compressed.Length, _table.RawSize(frame), _frame.AsSpan(0, _frameLength), _path, frame);
        _frameIndex = frame;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            ArrayPool<byte>.Shared.Return(_frame);
            ArrayPool<byte>.Shared.Return(_compressed);
            _frame = [];
            _compressed = [];
        }

        base.Dispose(disposing);
    }
}
