using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Sessions.Cluster;

/// <summary>Users online on two different gateways of one cluster talk to each other as if on one.</summary>
public sealed class CrossGatewayTests(TwoGatewayCluster cluster) : IClassFixture<TwoGatewayCluster>
{
    private int A => cluster.SessionPort(0);

    private int B => cluster.SessionPort(1);

    private static string Id(string name) => GatewayFixture.NewId(name);

    /// <summary>Asks whoelse, reading past presence lines that may arrive first.</summary>
    internal static async Task<string> WhoElseAsync(LineClient client)
    {
        await client.SendLineAsync("whoelse");
        return (await client.ReadUntilAsync(line => line.StartsWith("online: ", StringComparison.Ordinal) || line == "nobody else is online")).Line;
    }

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

        (await WhoElseAsync(a)).ShouldContain(bob);
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
        // Presence lines of users who logged in just before carol may still be on their way to her: read past them.
        await c.SendLineAsync($"block {alice}");
        await c.ExpectAsync($"{alice} is blocked");

        await a.SendLineAsync("broadcast hello everyone");
        await a.ExpectAsync("broadcast sent, but some users did not receive it");
        await b.ExpectAsync($"{alice} (broadcast): hello everyone");

        // Carol blocked alice: she does not show in alice's whoelse, and nothing carol reads before her own answer
        // is the broadcast that went out before it.
        var online = await WhoElseAsync(a);
        online.ShouldContain(bob);
        online.ShouldNotContain(carol);
        await c.SendLineAsync("whoelse");
        var (seenByCarol, before) = await c.ReadUntilAsync(line => line.StartsWith("online: ", StringComparison.Ordinal));
        before.ShouldNotContain(line => line.Contains("(broadcast)", StringComparison.Ordinal));
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
