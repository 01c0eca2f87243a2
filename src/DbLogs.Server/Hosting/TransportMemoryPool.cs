using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using DbLogs.Core.Pooling;

namespace DbLogs.Server.Hosting;

/// <summary>
/// Kestrel's connection buffers in 64 KiB blocks instead of its own 4 KiB ones. A socket read fills at most one block, so
/// with 4 KiB blocks an agent's 8 MiB batch took 2,048 <c>recv</c> calls, each a wake-up of the transport's loop; with
/// 64 KiB blocks it takes about 128. Blocks are allocated pinned, as Kestrel's are, so a socket
/// operation need not pin them, and kept for reuse up to <see cref="MaxKeptBlocks"/>; past that a returned block is left to the GC.
/// </summary>
public sealed class TransportMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 << 10;

    /// <summary>16 MiB of blocks wait for reuse at most: two 8 MiB batches in flight, or 128 connections with a request each.</summary>
    public const int MaxKeptBlocks = 256;

    private readonly BoundedReuse<Block> _kept = new(MaxKeptBlocks, new ConcurrentQueue<Block>());

    /// <summary>Blocks now waiting for reuse.</summary>
    public int KeptBlocks => _kept.Count;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return (_kept.TryTake(out var block) ? block : new Block(this)).Lend();
    }

    protected override void Dispose(bool disposing)
    {
        // Nothing to release: kept blocks are managed arrays, collected with the pool.
    }

    private sealed class Block(TransportMemoryPool pool) : IMemoryOwner<byte>
    {
        private int _lent;

        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);

        public Block Lend()
        {
            _lent = 1;
            return this;
        }

        /// <summary>Gives the block back; a second dispose of the same loan does nothing (a block is never kept twice).</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _lent, 0) == 1)
            {
                pool._kept.TryKeep(this); // past the cap it is left to the GC
            }
        }
    }
}
