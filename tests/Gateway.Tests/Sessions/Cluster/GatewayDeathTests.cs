using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Sessions.Cluster;

/// <summary>
/// Processes die; sessions and inboxes still match reality. One test kills a gateway, the other a node; each works
/// whichever ran first (the other gateway, and at least one node, stay up).
/// </summary>
public sealed class GatewayDeathTests(TwoGatewayCluster cluster) : IClassFixture<TwoGatewayCluster>
{
    private static string Id(string name) => GatewayFixture.NewId(name);

    [Fact]
    public async Task The_sessions_of_a_killed_gateway_are_closed_and_their_users_may_log_in_elsewhere()
    {
        var (alice, bob) = (Id("alice"), Id("bob"));
        await using var a = await SessionClients.SignUpAsync(cluster.SessionPort(0), alice);
        await using (var b = await SessionClients.SignUpAsync(cluster.SessionPort(1), bob))
        {
            await a.ExpectAsync($"{bob} logged in");
            await cluster.Gateways[1].KillAsync();
        }

        // Nobody logged bob out: the cluster sees his gateway's heartbeat stop, closes the session and says so.
        await a.ExpectAsync($"{bob} logged out");
        (await cluster.EventsOfAsync(bob)).ShouldContain(e => e.Contains("gateway gone", StringComparison.Ordinal));
        (await CrossGatewayTests.WhoElseAsync(a)).ShouldNotContain(bob);

        await using var again = await SessionClients.LogInAsync(cluster.SessionPort(0), bob);
        (await again.ReadLineAsync()).ShouldBe($"welcome {bob}");
    }

    [Fact]
    public async Task An_offline_message_survives_a_kill_9_of_the_node_that_holds_the_inbox()
    {
        var (alice, bob) = (Id("alice"), Id("bob"));
        var port = cluster.SessionPort(0);
        await using (var b = await SessionClients.SignUpAsync(port, bob))
        {
            await SessionClients.LogOutAsync(b, bob);
        }

        await using var a = await SessionClients.SignUpAsync(port, alice);
        await a.SendLineAsync($"message {bob} kept through a crash");
        await a.ExpectAsync($"{bob} is offline: the message will be delivered at their next login");

        var owner = await cluster.OwnerOfAsync(bob);
        await owner.KillAsync();

        // The first login after the crash waits for another node to take the shard, then recovers bob's inbox.
        await using var again = await SessionClients.LogInAsync(port, bob);
        (await again.ReadLineAsync()).ShouldBe($"welcome {bob}");
        (await again.ReadLineAsync()).ShouldBe("you have 1 offline message");
        (await again.ReadLineAsync()).ShouldBe($"{alice}: kept through a crash");
    }
}
