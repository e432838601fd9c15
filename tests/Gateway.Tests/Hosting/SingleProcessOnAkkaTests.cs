using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
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

    [Fact]
    public async Task A_flood_aimed_at_one_user_is_refused_past_the_mailbox_capacity_while_others_are_served()
    {
        // Two requests may wait for one user; hashes slow enough that twenty logins sent at once must queue.
        await using var gateway = await StartAsync(
            ("AUTHACTORS_ENTITIES__MAILBOX_CAPACITY", "2"), ("AUTHACTORS_USERS__HASHING__ITERATIONS", "200000"));
        var port = gateway.EndPoints.Login!.Port;
        var (target, bystander) = (GatewayFixture.NewId("flooded"), GatewayFixture.NewId("bystander"));
        await using (var setup = await LineClient.ConnectAsync(port))
        {
            await setup.ReadLineAsync();
            (await setup.AskAsync($"ADD {target} s3cret1")).ShouldBe($"OK added user:{target}");
            (await setup.AskAsync($"ADD {bystander} s3cret1")).ShouldBe($"OK added user:{bystander}");
        }

        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var client = await LineClient.ConnectAsync(port);
            await client.ReadLineAsync();
            return client;
        }));
        var answers = await Task.WhenAll(clients.Select(client => client.AskAsync($"LOGIN {target} s3cret1")));
        await using (var other = await LineClient.ConnectAsync(port))
        {
            await other.ReadLineAsync();
            (await other.AskAsync($"LOGIN {bystander} s3cret1")).ShouldBe("OK logged in");
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        answers.ShouldAllBe(answer => answer == "OK logged in" || answer!.StartsWith("ERR 503", StringComparison.Ordinal));
        answers.Count(answer => answer == "OK logged in").ShouldBeGreaterThanOrEqualTo(2);
        answers.Count(answer => answer!.StartsWith("ERR 503", StringComparison.Ordinal)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Past_max_live_the_least_recently_active_users_passivate_and_come_back_on_demand()
    {
        await using var gateway = await StartAsync(("AUTHACTORS_ENTITIES__MAX_LIVE", "3"));
        var ids = Enumerable.Range(0, 6).Select(_ => GatewayFixture.NewId("live")).ToList();
        await using var client = await LineClient.ConnectAsync(gateway.EndPoints.Login!.Port);
        await client.ReadLineAsync();
        foreach (var id in ids)
        {
            (await client.AskAsync($"ADD {id} s3cret1")).ShouldBe($"OK added user:{id}");
        }

        var region = await gateway.Services.GetRequiredService<IRequiredActor<UserActor>>().GetAsync(Ct);
        await Eventually.ConditionAsync(
            async () => (await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10), Ct))
                .Shards.Sum(shard => shard.EntityIds.Count) <= 3,
            "no more than three users live");

        foreach (var id in ids)
        {
            (await client.AskAsync($"LOGIN {id} s3cret1")).ShouldBe("OK logged in");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Another_actor_system_cannot_reach_the_users_through_the_cluster_port(bool withItsOwnCertificate)
    {
        await using var gateway = await StartAsync();
        var port = ((ExtendedActorSystem)gateway.Services.GetRequiredService<ActorSystem>()).Provider.DefaultAddress.Port!.Value;

        // A process of another local user, speaking Akka.Remote to the port: in plain text, or over TLS with a
        // certificate of its own (any chain accepted on its side).
        var setup = BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0, enable-ssl = {{(withItsOwnCertificate ? "true" : "false")}} }
            """));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var own = new CertificateRequest("CN=someone-else", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var intruder = ActorSystem.Create(UserShardingHosting.SystemName, withItsOwnCertificate
            ? setup.And(new DotNettySslSetup(X509CertificateLoader.LoadPkcs12(own.Export(X509ContentType.Pkcs12), null), true, true))
            : ActorSystemSetup.Create(setup));
        try
        {
            var protocol = withItsOwnCertificate ? "akka.ssl.tcp" : "akka.tcp";
            var region = intruder.ActorSelection($"{protocol}://{UserShardingHosting.SystemName}@127.0.0.1:{port}/system/sharding/user");
            await Should.ThrowAsync<ActorNotFoundException>(() => region.ResolveOne(TimeSpan.FromSeconds(5), Ct));
        }
        finally
        {
            await intruder.Terminate();
        }
    }

    public ValueTask DisposeAsync()
    {
        _data.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<RunningHost> StartAsync(params (string Key, string Value)[] more)
    {
        var variables = InProcessGateway.Variables(_data.Path);
        foreach (var (key, value) in more)
        {
            variables[key] = value;
        }

        return InProcessGateway.StartAsync(variables, Ct);
    }
}
