using System.Buffers;

namespace DbLogs.Collection.Tailing;

/// <summary>
/// Cuts a file's bytes into chunks of whole lines, in one buffer from <see cref="ChunkPool"/> that grows with the
/// bytes waiting (up to a chunk, or a line longer than one) and goes back to the pool when a read finds nothing, so
/// an idle agent holds no chunk-sized buffer. Bytes read but not shipped (after the last line end, or a held partial
/// line) are carried over to the next read of the same file, so a gzip stream is never decompressed twice.
/// </summary>
/// <param name="confirm">Confirms a read before it is taken (see <see cref="FileMatcher.ConfirmRead"/>): given the file, its
/// handle and the offset the read reached; false drops the read.</param>
internal sealed class ChunkReader(Func<FileWatcher, OpenLogFile, long, bool> confirm) : IDisposable
{
    private const int InitialBufferSize = 64 * 1024;

    private byte[] _buffer = [];
    private ArrayPool<byte>? _bufferPool;
    private FileWatcher? _carryFile;
    private long _carryOffset;
    private int _carryLength;

    /// <summary>
    /// The next chunk at <paramref name="file"/>'s read offset: up to the last line end within
    /// <paramref name="maxBytes"/>, or one whole line when it is longer. A partial last line is held until it is
    /// complete unless the file is sealed and this is its end. Sets the file's end when a sealed file's end is reached.
    /// </summary>
    /// <param name="lost">Bytes a sealed file was seen to hold but no longer has (shrunk, or gzip that stops decompressing).</param>
    /// <returns>Null when there is nothing to ship now, or the file's content was replaced since the last scan.</returns>
    public FileChunk? Read(FileWatcher file, OpenLogFile source, int maxBytes, out long lost)
    {
        lost = 0;
        var offset = file.ReadOffset;
        var filled = _carryFile == file && _carryOffset == offset ? _carryLength : 0;
        _carryFile = null;
        var target = Math.Max(maxBytes, filled);
        var searched = 0;
        int cut;
        bool atEnd;
        while (true)
        {
            atEnd = Fill(file, source, offset, ref filled, target);
            var window = Math.Min(filled, maxBytes);
            cut = _buffer.AsSpan(0, window).LastIndexOf((byte)'\n') + 1;
            if (cut == 0 && filled > window)
            {
                // No line end within maxBytes: the first line is longer, and ends at the first line end after it.
                var from = Math.Max(window, searched);
                var index = _buffer.AsSpan(from, filled - from).IndexOf((byte)'\n');
                cut = index < 0 ? 0 : from + index + 1;
            }

            if (cut > 0 || atEnd)
            {
                break;
            }

            if (target == Array.MaxLength)
            {
                throw new InvalidDataException($"{file.Path}: a line at offset {offset} is longer than {Array.MaxLength} bytes.");
            }

            searched = filled;
            target = (int)Math.Min(2L * target, Array.MaxLength);
        }

        if (atEnd && file.Sealed)
        {
            lost = file.ReachedEnd(offset + filled);
            if (cut == 0)
            {
                cut = filled; // the end of a finished file goes out without a line end
            }
        }

        if (cut == 0)
        {
            Carry(file, offset, 0, filled);
            if (filled == 0)
            {
                ReleaseBuffer();
            }

            return null;
        }

        if (!confirm(file, source, offset + cut))
        {
            return null; // read from content that replaced the file's: dropped, carry and all
        }

        var pool = ChunkPool.Current;
        var data = pool.Rent(cut);
        _buffer.AsSpan(0, cut).CopyTo(data);
        Carry(file, offset, cut, filled);
        file.Advanced(offset + cut, offset + filled);
        return new FileChunk(file.Id, file.Path, offset, data.AsMemory(0, cut), file.SizeSeen) { PooledArray = data, Pool = pool };
    }

    public void Dispose() => ReleaseBuffer();

    /// <returns>Whether no more bytes are there now (for a sealed file: its end).</returns>
    private bool Fill(FileWatcher file, OpenLogFile source, long offset, ref int filled, int target)
    {
        while (filled < target)
        {
            if (filled == _buffer.Length)
            {
                Grow((int)Math.Min(target, Math.Max(InitialBufferSize, 2L * filled)), filled);
            }

            var want = Math.Min(target, _buffer.Length) - filled;
            if (file.Sealed && file.EndOffset is { } end)
            {
                var left = end - (offset + filled);
                if (left <= 0)
                {
                    return true;
                }

                want = (int)Math.Min(want, left);
            }

            int read;
            try
            {
                read = source.Read(_buffer.AsSpan(filled, want), offset + filled);
            }
            catch (InvalidDataException)
            {
                return true; // corrupt gzip: it ends here, and the shortfall against the size seen is reported
            }

            if (read == 0)
            {
                return true;
            }

            filled += read;
        }

        return false;
    }

    private void Grow(int size, int keep)
    {
        var pool = ChunkPool.Current;
        var larger = pool.Rent(size);
        _buffer.AsSpan(0, keep).CopyTo(larger);
        ReleaseBuffer();
        _buffer = larger;
        _bufferPool = pool;
    }

    /// <summary>Back to the pool it came from: after <see cref="ChunkPool.Release"/> that pool is garbage, and so is the buffer.</summary>
    private void ReleaseBuffer()
    {
        _bufferPool?.Return(_buffer);
        _buffer = [];
        _bufferPool = null;
    }

    private void Carry(FileWatcher file, long offset, int cut, int filled)
    {
        if (filled == cut)
        {
            return;
        }

        _buffer.AsSpan(cut, filled - cut).CopyTo(_buffer);
        _carryFile = file;
        _carryOffset = offset + cut;
        _carryLength = filled - cut;
    }
}
