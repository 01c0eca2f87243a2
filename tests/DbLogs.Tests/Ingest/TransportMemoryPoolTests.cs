using DbLogs.Server.Hosting;

namespace DbLogs.Tests.Ingest;

public class TransportMemoryPoolTests
{
    [Fact]
    public void A_block_is_64_KiB_whatever_smaller_size_is_asked_and_a_larger_one_is_refused()
    {
        using var pool = new TransportMemoryPool();

        using var small = pool.Rent(2048);
        using var unspecified = pool.Rent();

        Assert.Equal(64 << 10, small.Memory.Length);
        Assert.Equal(64 << 10, unspecified.Memory.Length);
        Assert.Equal(64 << 10, pool.MaxBufferSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent((64 << 10) + 1));
    }

    [Fact]
    public void A_returned_block_is_lent_again_and_a_second_dispose_of_one_loan_does_not_keep_it_twice()
    {
        using var pool = new TransportMemoryPool();
        var block = pool.Rent();
        block.Memory.Span[0] = 42;

        block.Dispose();
        block.Dispose();
        Assert.Equal(1, pool.KeptBlocks);
        var again = pool.Rent();
        var fresh = pool.Rent();

        Assert.Equal(0, pool.KeptBlocks);
        Assert.Same(block, again);
        Assert.Equal(42, again.Memory.Span[0]);
        Assert.NotSame(again, fresh);
        Assert.False(again.Memory.Span.Overlaps(fresh.Memory.Span));
    }

    [Fact]
    public void At_most_MaxKeptBlocks_wait_for_reuse()
    {
        using var pool = new TransportMemoryPool();
        var lent = Enumerable.Range(0, TransportMemoryPool.MaxKeptBlocks + 10).Select(_ => pool.Rent()).ToList();

        lent.ForEach(block => block.Dispose());

        Assert.Equal(TransportMemoryPool.MaxKeptBlocks, pool.KeptBlocks);
    }
}
