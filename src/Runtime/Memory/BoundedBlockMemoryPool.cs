using System.Buffers;
using System.Collections.Concurrent;

namespace AuthActors.Runtime.Memory;

/// <summary>
/// The memory pool Kestrel reads and writes connections with: 4 KiB blocks, of which at most
/// <see cref="RetainedBlocks"/> free ones are kept for reuse; a block returned past that bound is left to the GC.
/// </summary>
/// <remarks>
/// Kestrel's own pool keeps every block it ever allocated and gives idle ones back at a few percent per 10 s. A gateway
/// whose 20,000 sessions each got a presence line at the same moment had one block in flight per connection, and so
/// kept 80 MB of pinned blocks for minutes after the burst. The blocks here are ordinary arrays, not pinned ones: a
/// socket pins a buffer only while a system call uses it, and unpinned arrays let the GC compact the heap afterwards.
/// </remarks>
public sealed class BoundedBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>The size of every block: one page, as Kestrel's own pool.</summary>
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _freeCount;
    private long _allocated;
    private volatile bool _disposed;

    /// <summary>Creates a pool that keeps at most <paramref name="retainedBlocks"/> free blocks.</summary>
    public BoundedBlockMemoryPool(int retainedBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retainedBlocks);
        RetainedBlocks = retainedBlocks;
    }

    /// <summary>How many free blocks the pool keeps at most.</summary>
    public int RetainedBlocks { get; }

    /// <summary>How many free blocks the pool holds now.</summary>
    public int FreeBlocks => Volatile.Read(ref _freeCount);

    /// <summary>How many blocks the pool has allocated since it was made (reuse does not count).</summary>
    public long AllocatedBlocks => Interlocked.Read(ref _allocated);

    /// <inheritdoc />
    public override int MaxBufferSize => BlockSize;

    /// <inheritdoc />
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
            return block;
        }

        Interlocked.Increment(ref _allocated);
        return new Block(this);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _free.Clear();
    }

    private void Return(Block block)
    {
        // Counted before it is queued, so concurrent returns cannot overshoot the bound; a rent racing with this may
        // see the count one high for a moment, which only means one block fewer kept.
        if (_disposed || Interlocked.Increment(ref _freeCount) > RetainedBlocks)
        {
            if (!_disposed)
            {
                Interlocked.Decrement(ref _freeCount);
            }

            return;
        }

        _free.Enqueue(block);
    }

    private sealed class Block(BoundedBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(BlockSize);

        public void Dispose() => pool.Return(this);
    }
}
