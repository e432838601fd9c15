using System.Text;

namespace AuthActors.Runtime.Sharding;

/// <summary>
/// Maps an entity id to its shard with a hash that is the same in every process and every release
/// (never <c>string.GetHashCode</c>, which is randomised per process).
/// </summary>
public static class ShardId
{
    private const ulong FnvOffsetBasis = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>The shard of <paramref name="entityId"/> among <paramref name="shardCount"/> shards.</summary>
    public static int Of(string entityId, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        return (int)(StableHash(entityId) % (ulong)shardCount);
    }

    /// <summary>64-bit FNV-1a over the UTF-8 bytes: simple, fast, and fixed by its definition.</summary>
    public static ulong StableHash(string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(value) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(value, buffer)]
            : Encoding.UTF8.GetBytes(value);
        var hash = FnvOffsetBasis;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }
}
