using AuthActors.Runtime.Sharding;

namespace AuthActors.Runtime.Tests.Sharding;

public sealed class ShardIdTests
{
    [Fact]
    public void Hash_is_fnv1a_64_and_fixed_across_processes_and_releases()
    {
        // Published FNV-1a 64 test vectors: a change here would move every user to another shard.
        ShardId.StableHash("").ShouldBe(0xcbf29ce484222325UL);
        ShardId.StableHash("a").ShouldBe(0xaf63dc4c8601ec8cUL);
        ShardId.StableHash("foobar").ShouldBe(0x85944171f73967e8UL);
    }

    [Fact]
    public void Ids_spread_over_every_shard()
    {
        var shards = Enumerable.Range(0, 10_000).Select(i => ShardId.Of($"user{i}", 100)).ToHashSet();
        shards.Count.ShouldBe(100);
        shards.ShouldAllBe(s => s >= 0 && s < 100);
    }

    [Fact]
    public void Long_ids_hash_like_short_ones() =>
        ShardId.StableHash(new string('x', 1000)).ShouldBe(ShardId.StableHash(new string('x', 1000)));
}
