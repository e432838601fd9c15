using AuthActors.Node.Hosting;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Sharding;
using Microsoft.Extensions.DependencyInjection;

namespace AuthActors.TestKit;

/// <summary>A node or gateway of an <see cref="InProcessCluster"/>: its host, its log and what a test looks at.</summary>
public sealed class InProcessHost(string name, RunningHost host, HostLog log) : IAsyncDisposable
{
    /// <summary>Its name in the members table (<c>node-1</c>, <c>gateway-1</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The running host: end points, services, stop.</summary>
    public RunningHost Host { get; } = host;

    /// <summary>What it logged.</summary>
    public HostLog Log { get; } = log;

    /// <summary>A gateway's login port.</summary>
    public int LoginPort => Host.EndPoints.Login?.Port ?? throw new InvalidOperationException($"{Name} has no login port");

    /// <summary>A gateway's HTTP base address.</summary>
    public Uri HttpAddress => new($"http://127.0.0.1:{Host.EndPoints.Http?.Port ?? throw new InvalidOperationException($"{Name} has no HTTP port")}/");

    /// <summary>A node's user shard region: which entities are in memory here.</summary>
    public ShardRegion Region => Host.Services.GetRequiredService<ShardRegion>();

    /// <summary>A node's lease keeper: the shards it holds.</summary>
    public ShardLeaseKeeper Keeper => Host.Services.GetRequiredService<ShardLeaseKeeper>();

    /// <summary>Connects a line client to a gateway's login port and reads its greeting.</summary>
    public async Task<LineClient> ConnectAsync()
    {
        var client = await LineClient.ConnectAsync(LoginPort);
        await client.ReadLineAsync();
        return client;
    }

    /// <summary>Stops it gracefully, as SIGTERM stops a process: a node hands its shards off and leaves.</summary>
    public Task StopAsync() => Host.StopAsync();

    /// <summary>Stops it at once: no leave, no hand-off; the others see it down after <c>cluster.down-after</c>.</summary>
    public Task KillAsync() => Host.KillAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
