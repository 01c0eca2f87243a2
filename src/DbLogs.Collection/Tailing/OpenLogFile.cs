using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace DbLogs.Collection.Tailing;

/// <summary>
/// An open file, plain or gzip. The handle keeps a file readable after it was renamed or deleted, and pins its
/// inode so that no new file can reuse it meanwhile. Offsets are in the uncompressed content.
/// </summary>
internal sealed class OpenLogFile : IDisposable
{
    private const int SkipBufferSize = 64 * 1024;

    private readonly SafeFileHandle _handle;
    private readonly FileStream? _compressed;
    private GZipStream? _gzip;
    private long _gzipPosition;

    private OpenLogFile(SafeFileHandle handle, bool compressed)
    {
        _handle = handle;
        Identity = FileStat.Of(handle).Identity;
        if (compressed)
        {
            _compressed = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
    }

    public FileIdentity Identity { get; }

    public bool Compressed => _compressed is not null;

    /// <returns>Null when the path does not exist (any more).</returns>
    public static OpenLogFile? TryOpen(string path, bool compressed)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return new OpenLogFile(handle, compressed);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The file's identity and content size. For gzip the size is the trailer's ISIZE: the uncompressed size modulo
    /// 2^32 of the last member (logrotate writes one), good as a hint; the content ends where decompression ends.
    /// </summary>
    public FileStat Stat()
    {
        var stat = FileStat.Of(_handle);
        if (!Compressed)
        {
            return stat;
        }

        Span<byte> trailer = stackalloc byte[4];
        var size = stat.Size >= 18 && RandomAccess.Read(_handle, trailer, stat.Size - 4) == 4
            ? BinaryPrimitives.ReadUInt32LittleEndian(trailer)
            : 0;
        return stat with { Size = size };
    }

    /// <returns>The bytes read; 0 at the end of the content. Throws <see cref="InvalidDataException"/> on corrupt gzip.</returns>
    public int Read(Span<byte> buffer, long offset)
    {
        if (!Compressed)
        {
            return RandomAccess.Read(_handle, buffer, offset);
        }

        if (!SeekGzip(offset))
        {
            return 0;
        }

        var read = _gzip!.Read(buffer);
        _gzipPosition += read;
        return read;
    }

    /// <summary>Fills <paramref name="buffer"/> from the start of the content, as far as the content goes.</summary>
    public int ReadHead(Span<byte> buffer)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = Read(buffer[filled..], filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    public void Dispose()
    {
        _gzip?.Dispose();
        _compressed?.Dispose();
        _handle.Dispose();
    }

    // Reads are sequential in practice (the chunk reader carries over what it did not ship); going back means
    // decompressing again from the start.
    private bool SeekGzip(long offset)
    {
        if (_gzip is null || offset < _gzipPosition)
        {
            _gzip?.Dispose();
            _compressed!.Position = 0;
            _gzip = new GZipStream(_compressed, CompressionMode.Decompress, leaveOpen: true);
            _gzipPosition = 0;
        }

        if (offset == _gzipPosition)
        {
            return true;
        }

        var skip = ArrayPool<byte>.Shared.Rent(SkipBufferSize);
        try
        {
            while (_gzipPosition < offset)
            {
                var read = _gzip.Read(skip, 0, (int)Math.Min(skip.Length, offset - _gzipPosition));
                if (read == 0)
                {
                    return false;
                }

                _gzipPosition += read;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(skip);
        }
    }
}
