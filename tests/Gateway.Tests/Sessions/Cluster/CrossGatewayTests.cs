using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Sessions.Cluster;

/// <summary>Users online on two different gateways of one cluster talk to each other as if on one.</summary>
public sealed class CrossGatewayTests(TwoGatewayCluster cluster) : IClassFixture<TwoGatewayCluster>
{
    private int A => cluster.SessionPort(0);

    private int B => cluster.SessionPort(1);

    private static string Id(string name) => GatewayFixture.NewId(name);

    [Fact]
    public async Task A_message_and_presence_cross_from_one_gateway_to_the_other()
    {
        var (alice, bob) = (Id("alice"), Id("bob"));
        await using var a = await SessionClients.SignUpAsync(A, alice);
        await using var b = await SessionClients.SignUpAsync(B, bob);
        await a.ExpectAsync($"{bob} logged in");

        await b.SendLineAsync($"message {alice} hello from the other gateway");
        await b.ExpectAsync($"message delivered to {alice}");
        await a.ExpectAsync($"{bob}: hello from the other gateway");

        await a.SendLineAsync($"message {bob} and back");
        await a.ExpectAsync($"message delivered to {bob}");
        await b.ExpectAsync($"{alice}: and back");

        (await a.AskAsync("whoelse")).ShouldNotBeNull().ShouldContain(bob);
        await SessionClients.LogOutAsync(b, bob);
        await a.ExpectAsync($"{bob} logged out");
    }

    [Fact]
    public async Task A_second_login_on_the_other_gateway_is_refused()
    {
        var alice = Id("alice");
        await using var first = await SessionClients.SignUpAsync(A, alice);
        await using var second = await SessionClients.LogInAsync(B, alice);
        (await second.ReadLineAsync()).ShouldBe("<<close>>already logged in");
    }

    [Fact]
    public async Task Broadcast_reaches_both_gateways_except_those_who_blocked_the_sender()
    {
        var (alice, bob, carol) = (Id("alice"), Id("bob"), Id("carol"));
        await using var a = await SessionClients.SignUpAsync(A, alice);
        await using var b = await SessionClients.SignUpAsync(B, bob);
        await using var c = await SessionClients.SignUpAsync(A, carol);
        (await c.AskAsync($"block {alice}")).ShouldBe($"{alice} is blocked");

        await a.SendLineAsync("broadcast hello everyone");
        await a.ExpectAsync("broadcast sent, but some users did not receive it");
        await b.ExpectAsync($"{alice} (broadcast): hello everyone");

        // Carol blocked alice: she does not show in alice's whoelse, and the next line she reads is her own answer,
        // not the broadcast that went out before it.
        var online = (await a.AskAsync("whoelse")).ShouldNotBeNull();
        online.ShouldContain(bob);
        online.ShouldNotContain(carol);
        var seenByCarol = (await c.AskAsync("whoelse")).ShouldNotBeNull();
        seenByCarol.ShouldStartWith("online: ");
        seenByCarol.ShouldContain(alice);
        seenByCarol.ShouldContain(bob);
    }

    [Fact]
    public async Task Private_chat_is_brokered_between_clients_on_different_gateways()
    {
        var (alice, bob) = (Id("alice"), Id("bob"));
        await using var a = await SessionClients.SignUpAsync(A, alice);
        await using var b = await SessionClients.SignUpAsync(B, bob);

        await a.ExpectAsync($"{bob} logged in");
        (await a.AskAsync($"startprivate {bob} 5555")).ShouldBe($"private chat request sent to {bob}");
        await b.ExpectAsync($"{alice} would like to talk privately: answer 'accept {alice}' or 'decline {alice}'");
        await b.SendLineAsync($"accept {alice} 6666");
        await b.ExpectAsync($"private chat with {alice} at 127.0.0.1:5555");
        await a.ExpectAsync($"private chat with {bob} at 127.0.0.1:6666");
    }
}
