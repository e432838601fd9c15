namespace AuthActors.Runtime.Sharding;

/// <summary>
/// Which member should own a shard: rendezvous (highest random weight) hashing. Every member that knows the same
/// live members computes the same owner with no coordinator, and a member joining or leaving moves only the shards
/// it wins or held (about 1/N of them), never reshuffles the rest.
/// </summary>
public static class RendezvousAllocation
{
    /// <summary>The member with the highest weight for <paramref name="shard"/>; null when there are no members.</summary>
    public static string? OwnerOf(int shard, IReadOnlyCollection<string> members)
    {
        string? best = null;
        var bestWeight = 0UL;
        foreach (var member in members)
        {
            var weight = Weight(member, shard);

            // Ties (practically never) go to the smaller name, so every member still agrees.
            if (best is null || weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(member, best) < 0))
            {
                best = member;
                bestWeight = weight;
            }
        }

        return best;
    }

    /// <summary>The shards of <paramref name="shardCount"/> that <paramref name="member"/> should own among <paramref name="members"/>.</summary>
    public static IReadOnlyList<int> ShardsOf(string member, IReadOnlyCollection<string> members, int shardCount)
    {
        var owned = new List<int>();
        for (var shard = 0; shard < shardCount; shard++)
        {
            if (string.Equals(OwnerOf(shard, members), member, StringComparison.Ordinal))
            {
                owned.Add(shard);
            }
        }

        return owned;
    }

    // FNV-1a of the member name, then the shard mixed in with SplitMix64's finaliser: FNV alone mixes its last
    // input poorly, and the weights of one member across shards must look independent.
    private static ulong Weight(string member, int shard)
    {
        var hash = ShardId.StableHash(member) ^ ((ulong)shard * 0x9E3779B97F4A7C15UL);
        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
