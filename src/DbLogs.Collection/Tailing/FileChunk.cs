namespace DbLogs.Collection.Tailing;

/// <summary>
/// A contiguous run of bytes read from one file, ending at a line end (a live file's partial last line is held
/// back until it is complete; a finished rotated file's last bytes are shipped as they are).
/// </summary>
/// <param name="FileId">The agent's id for the file (a UUID), stable across restarts.</param>
/// <param name="Offset">Offset in the file of <paramref name="Data"/>'s first byte.</param>
/// <param name="FileSize">The file's size when it was read, for lag.</param>
public sealed record FileChunk(string FileId, string FilePath, long Offset, ReadOnlyMemory<byte> Data, long FileSize)
{
    public long End => Offset + Data.Length;

    /// <summary>The pooled array behind <see cref="Data"/>, when there is one, and its pool.</summary>
    internal byte[]? PooledArray { get; init; }

    internal System.Buffers.ArrayPool<byte>? Pool { get; init; }

    /// <summary>What a sink prepared to send for this chunk (see <c>IBatchSink.Prepare</c>); returned to its pool with the chunk.</summary>
    internal PooledBytes? Prepared { get; set; }

    /// <summary>
    /// Gives the bytes back to their pool once the chunk was shipped: the collector's hot path then allocates no
    /// megabyte array per chunk (which would land on the large-object heap). <see cref="Data"/> must not be used after.
    /// </summary>
    public void ReturnToPool()
    {
        if (PooledArray is { } array && Pool is { } pool)
        {
            pool.Return(array);
        }

        Prepared?.Return();
        Prepared = null;
    }
}
