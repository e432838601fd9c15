using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace AuthActors.Runtime.Memory;

/// <summary>
/// Gives Kestrel (which asks the service provider for an <see cref="IMemoryPoolFactory{T}"/>) pools that keep a
/// bounded number of free blocks, one pool per listener as before.
/// </summary>
public sealed class BoundedBlockMemoryPoolFactory(MemoryOptions settings) : IMemoryPoolFactory<byte>
{
    private readonly List<BoundedBlockMemoryPool> _pools = [];

    /// <summary>The pools made so far (for tests and diagnostics).</summary>
    public IReadOnlyList<BoundedBlockMemoryPool> Pools
    {
        get
        {
            lock (_pools)
            {
                return [.. _pools];
            }
        }
    }

    /// <inheritdoc />
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new BoundedBlockMemoryPool(settings.RetainedBlocksPerPool);
        lock (_pools)
        {
            _pools.Add(pool);
        }

        return pool;
    }
}
