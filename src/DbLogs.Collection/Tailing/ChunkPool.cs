using System.Buffers;

namespace DbLogs.Collection.Tailing;

/// <summary>
/// The arrays behind <see cref="FileChunk"/>s. A pool of its own rather than the shared one, so that an agent that
/// has caught up can drop every cached megabyte array at once (<see cref="Release"/>) and give the memory back.
/// </summary>
public static class ChunkPool
{
    private static ArrayPool<byte> _current = NewPool();

    public static ArrayPool<byte> Current => Volatile.Read(ref _current);

    /// <summary>Forgets the cached arrays; arrays still rented go back to the pool they came from.</summary>
    public static void Release() => Volatile.Write(ref _current, NewPool());

    private static ArrayPool<byte> NewPool() => ArrayPool<byte>.Create(maxArrayLength: 32 << 20, maxArraysPerBucket: 8);
}
