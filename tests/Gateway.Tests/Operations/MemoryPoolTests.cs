using AuthActors.Runtime.Memory;
using AuthActors.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace AuthActors.Gateway.Tests.Operations;

/// <summary>
/// The gateway's Kestrel reads and writes its connections with the bounded pool, so a burst of connections leaves
/// at most the configured number of free blocks behind, not one per connection.
/// </summary>
public sealed class MemoryPoolTests
{
    private const int Kept = 4;
    private const int Connections = 40;

    [Fact]
    public async Task A_burst_of_connections_leaves_at_most_the_kept_blocks_in_the_pool()
    {
        await using var cluster = await InProcessCluster.StartAsync(nodes: 1, gateways: 1, shardCount: 4, settings: new Dictionary<string, string>
        {
            ["AUTHACTORS_MEMORY__POOL_BLOCKS_KEPT"] = Kept.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AUTHACTORS_GATEWAY__TCP__MAX_CONNECTIONS_PER_ADDRESS"] = "100",
        });
        var gateway = cluster.Gateways[0];
        var factory = gateway.Host.Services.GetRequiredService<BoundedBlockMemoryPoolFactory>();

        // Each connection holds a block: half a line waits in its input until the rest comes.
        var clients = await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
        {
            var client = await LineClient.ConnectAsync(gateway.LoginPort);
            (await client.ReadLineAsync()).ShouldBe("enter your id");
            await client.SendRawAsync("half a li"u8.ToArray());
            return client;
        }));
        await Eventually.ConditionAsync(
            () => Task.FromResult(factory.Pools.Sum(p => p.AllocatedBlocks) >= Connections),
            $"Kestrel rents the buffers of all {Connections} connections from the bounded pool: {factory.Pools.Sum(p => p.AllocatedBlocks)}");

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        // The blocks come back as the connections close; all but the kept ones go to the GC.
        await Eventually.ConditionAsync(
            () => Task.FromResult(factory.Pools.Sum(p => p.FreeBlocks) == Kept * factory.Pools.Count(p => p.AllocatedBlocks >= Kept)),
            $"each busy pool keeps exactly {Kept} free blocks: {string.Join(", ", factory.Pools.Select(p => $"{p.FreeBlocks}/{p.AllocatedBlocks}"))}");
    }
}
