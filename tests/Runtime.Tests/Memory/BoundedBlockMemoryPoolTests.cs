using AuthActors.Runtime.Memory;

namespace AuthActors.Runtime.Tests.Memory;

public sealed class BoundedBlockMemoryPoolTests
{
    [Fact]
    public void A_returned_block_is_rented_again_instead_of_a_new_one()
    {
        using var pool = new BoundedBlockMemoryPool(retainedBlocks: 4);
        var first = pool.Rent();
        var memory = first.Memory;
        first.Dispose();

        using var second = pool.Rent();
        second.Memory.Equals(memory).ShouldBeTrue();
        pool.AllocatedBlocks.ShouldBe(1);
    }

    [Fact]
    public void At_most_the_retained_number_of_free_blocks_is_kept_after_a_burst()
    {
        using var pool = new BoundedBlockMemoryPool(retainedBlocks: 8);
        var burst = Enumerable.Range(0, 100).Select(_ => pool.Rent()).ToList();
        burst.ForEach(block => block.Dispose());

        pool.FreeBlocks.ShouldBe(8);
        pool.AllocatedBlocks.ShouldBe(100);
    }

    [Fact]
    public void Concurrent_returns_never_keep_more_than_the_bound()
    {
        using var pool = new BoundedBlockMemoryPool(retainedBlocks: 16);
        var blocks = Enumerable.Range(0, 2_000).Select(_ => pool.Rent()).ToList();
        Parallel.ForEach(blocks, block => block.Dispose());

        pool.FreeBlocks.ShouldBe(16);
    }

    [Fact]
    public void Every_block_is_one_page_and_a_bigger_request_is_refused()
    {
        using var pool = new BoundedBlockMemoryPool(retainedBlocks: 1);
        using var block = pool.Rent(100);
        block.Memory.Length.ShouldBe(BoundedBlockMemoryPool.BlockSize);
        Should.Throw<ArgumentOutOfRangeException>(() => pool.Rent(BoundedBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void A_disposed_pool_refuses_rents_and_keeps_nothing()
    {
        var pool = new BoundedBlockMemoryPool(retainedBlocks: 4);
        var block = pool.Rent();
        pool.Dispose();
        block.Dispose();

        pool.FreeBlocks.ShouldBe(0);
        Should.Throw<ObjectDisposedException>(() => pool.Rent());
    }
}
