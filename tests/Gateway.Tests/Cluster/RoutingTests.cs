using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Cluster;

public sealed class RoutingTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static async Task<string?> AskAsync(LineClient client, string line) => await client.AskAsync(line);

    [Fact]
    public async Task Requests_through_the_gateway_reach_the_owning_node_for_users_on_every_node()
    {
        await using var client = await cluster.ConnectAsync();
        await client.ReadLineAsync();
        var ids = Enumerable.Range(0, 24).Select(i => GatewayFixture.NewId($"c{i}")).ToList();
        foreach (var id in ids)
        {
            (await AskAsync(client, $"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
            (await AskAsync(client, $"LOGIN {id} pass1word")).ShouldBe("OK logged in");
            (await AskAsync(client, $"LOGIN {id} wrong1")).ShouldBe("ERR 401 wrong id or password");
        }

        var owners = new HashSet<string?>();
        foreach (var id in ids)
        {
            owners.Add(await cluster.OwnerOfAsync(id));
        }

        owners.ShouldBe(["node-1", "node-2", "node-3"], ignoreOrder: true);
    }
}
