using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Cluster.InProcess;

/// <summary>Requests through either of two gateways run on the one node that holds the user's shard.</summary>
public abstract class InProcessRoutingTests(InProcessClusterFixture fixture)
{
    private InProcessCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_request_through_either_gateway_reaches_the_one_node_that_owns_the_user()
    {
        await using var first = await Cluster.Gateways[0].ConnectAsync();
        await using var second = await Cluster.Gateways[1].ConnectAsync();
        var ids = await UsersOnEveryNodeAsync(perNode: 4);
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var (one, other) = i % 2 == 0 ? (first, second) : (second, first);
            (await one.AskAsync($"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
            (await other.AskAsync($"LOGIN {id} pass1word")).ShouldBe("OK logged in");

            // Three failures spread over both gateways lock the account only if they are counted by one entity.
            (await one.AskAsync($"LOGIN {id} wrong1")).ShouldBe("ERR 401 wrong id or password");
            (await other.AskAsync($"LOGIN {id} wrong1")).ShouldBe("ERR 401 wrong id or password");
            await one.AskAsync($"LOGIN {id} wrong1");
            (await other.AskAsync($"LOGIN {id} pass1word")).ShouldNotBeNull().ShouldStartWith("ERR 423");
        }

        foreach (var id in ids)
        {
            var owner = (await Cluster.OwnerOfAsync(id)).ShouldNotBeNull();
            var runningOn = Cluster.Nodes.Where(n => n.Region.HasEntity(id)).Select(n => n.Name).ToList();
            runningOn.ShouldBe([owner], $"{id} (shard held by {owner}) is in memory on: {string.Join(", ", runningOn)}");
            Cluster.Node(owner).Keeper.Holds(Runtime.Sharding.ShardId.Of(id, Cluster.ShardCount)).ShouldBeTrue();
        }
    }

    // Rendezvous hashing may give a node few shards; pick ids so that every node has users of its own.
    private async Task<List<string>> UsersOnEveryNodeAsync(int perNode)
    {
        var byNode = Cluster.Nodes.ToDictionary(n => n.Name, _ => new List<string>());
        for (var i = 0; byNode.Values.Any(ids => ids.Count < perNode); i++)
        {
            i.ShouldBeLessThan(10_000, "every node holds some shards");
            var id = GatewayFixture.NewId($"r{i}");
            if (await Cluster.OwnerOfAsync(id) is { } owner && byNode[owner].Count < perNode)
            {
                byNode[owner].Add(id);
            }
        }

        return [.. byNode.Values.SelectMany(ids => ids)];
    }
}

public sealed class SqliteInProcessRoutingTests(InProcessClusterFixture fixture)
    : InProcessRoutingTests(fixture), IClassFixture<InProcessClusterFixture>;

public sealed class PostgresInProcessRoutingTests(PostgresInProcessClusterFixture fixture)
    : InProcessRoutingTests(fixture), IClassFixture<PostgresInProcessClusterFixture>;
