using AuthActors.Runtime.Sharding;

namespace AuthActors.Runtime.Tests.Sharding;

public sealed class RendezvousAllocationTests
{
    private static readonly string[] Three = ["node-a", "node-b", "node-c"];

    [Fact]
    public void Every_shard_gets_one_owner_and_the_order_of_members_does_not_matter()
    {
        for (var shard = 0; shard < 100; shard++)
        {
            var owner = RendezvousAllocation.OwnerOf(shard, Three);
            owner.ShouldNotBeNull();
            RendezvousAllocation.OwnerOf(shard, [.. Three.Reverse()]).ShouldBe(owner);
        }
    }

    [Fact]
    public void Shards_spread_roughly_evenly()
    {
        var counts = Three.Select(m => RendezvousAllocation.ShardsOf(m, Three, 300).Count).ToList();
        counts.Sum().ShouldBe(300);
        counts.ShouldAllBe(c => c > 60 && c < 140);
    }

    [Fact]
    public void A_joining_member_takes_shards_only_from_others_and_moves_nothing_else()
    {
        string[] four = [.. Three, "node-d"];
        var moved = 0;
        for (var shard = 0; shard < 100; shard++)
        {
            var before = RendezvousAllocation.OwnerOf(shard, Three);
            var after = RendezvousAllocation.OwnerOf(shard, four);
            if (before != after)
            {
                after.ShouldBe("node-d");
                moved++;
            }
        }

        moved.ShouldBeInRange(10, 45);
    }

    [Fact]
    public void A_leaving_member_gives_up_only_its_own_shards()
    {
        string[] two = ["node-a", "node-c"];
        for (var shard = 0; shard < 100; shard++)
        {
            var before = RendezvousAllocation.OwnerOf(shard, Three);
            if (before != "node-b")
            {
                RendezvousAllocation.OwnerOf(shard, two).ShouldBe(before);
            }
        }
    }

    [Fact]
    public void No_members_no_owner()
    {
        RendezvousAllocation.OwnerOf(3, []).ShouldBeNull();
    }
}
