using System.Buffers;

namespace DbLogs.Collection.Tailing;

/// <summary>The first <see cref="Length"/> bytes of an array rented from <see cref="Pool"/>, until <see cref="Return"/>.</summary>
internal sealed record PooledBytes(byte[] Array, int Length, ArrayPool<byte> Pool)
{
    public ReadOnlyMemory<byte> Memory => Array.AsMemory(0, Length);

    public void Return() => Pool.Return(Array);
}
