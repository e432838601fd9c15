using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AuthActors.Node.Hosting;
using AuthActors.Node.Users;
using AuthActors.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace AuthActors.Gateway.Tests.Hosting;

/// <summary>
/// The single-process default runs the users on Akka.NET: one ActorSystem, a one-member cluster with both roles,
/// and every user a persistent actor in the user shard region, recovered from the journal after a restart.
/// </summary>
public sealed class SingleProcessOnAkkaTests : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TemporaryDirectory _data = new();

    [Fact]
    public async Task Users_live_as_persistent_actors_in_the_shard_region_of_a_one_member_cluster()
    {
        var id = GatewayFixture.NewId("akka");
        await using (var gateway = await StartAsync())
        {
            await using var client = await LineClient.ConnectAsync(gateway.EndPoints.Login!.Port);
            await client.ReadLineAsync();
            (await client.AskAsync($"ADD {id} s3cret1")).ShouldBe($"OK added user:{id}");

            var system = gateway.Services.GetRequiredService<ActorSystem>();
            var self = Akka.Cluster.Cluster.Get(system).SelfMember;
            self.Status.ShouldBe(MemberStatus.Up);
            self.Roles.ShouldBe(["gateway", "users"], ignoreOrder: true);

            var region = await gateway.Services.GetRequiredService<IRequiredActor<UserActor>>().GetAsync(Ct);
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10), Ct);
            state.Shards.SelectMany(shard => shard.EntityIds).ShouldContain(id);
        }

        await using (var restarted = await StartAsync())
        {
            await using var client = await LineClient.ConnectAsync(restarted.EndPoints.Login!.Port);
            await client.ReadLineAsync();
            (await client.AskAsync($"LOGIN {id} s3cret1")).ShouldBe("OK logged in");
        }
    }

    public ValueTask DisposeAsync()
    {
        _data.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<RunningHost> StartAsync() => InProcessGateway.StartAsync(InProcessGateway.Variables(_data.Path), Ct);
}
