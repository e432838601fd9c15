using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Sessions;

public sealed class ClientTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private async Task<ClientProcess> SignUpAsync(string id)
    {
        var client = ClientProcess.Start(fixture.Gateway.SessionPort);
        await client.ExpectAsync($"connecting to 127.0.0.1:{fixture.Gateway.SessionPort}");
        await client.ExpectAsync("enter your id");
        await client.TypeAsync(id);
        await client.ExpectAsync("not existing user. enter your password to add new user");
        await client.TypeAsync(SessionClients.Password);
        await client.ExpectAsync($"welcome {id}");
        return client;
    }

    // Alice asks, bob accepts, each is told the other's address; returns the line that tells bob alice's.
    private static async Task<string> OpenPrivateChatAsync(ClientProcess a, string alice, ClientProcess b, string bob)
    {
        await a.ExpectAsync($"{bob} logged in");
        await a.TypeAsync($"startprivate {bob}");
        await a.ExpectAsync($"private chat request sent to {bob}");
        await b.ExpectAsync($"{alice} would like to talk privately: answer 'accept {alice}' or 'decline {alice}'");
        await b.TypeAsync($"accept {alice}");
        var alicesAddress = await b.ExpectAsync(l => l.StartsWith($"private chat with {alice} at 127.0.0.1:", StringComparison.Ordinal), "alice's address");
        await a.ExpectAsync(l => l.StartsWith($"private chat with {bob} at 127.0.0.1:", StringComparison.Ordinal), "bob's address");
        return alicesAddress;
    }

    [Fact]
    public async Task Two_clients_talk_privately_peer_to_peer_after_the_server_exchanged_their_addresses()
    {
        var (alice, bob) = (GatewayFixture.NewId("alice"), GatewayFixture.NewId("bob"));
        await using var a = await SignUpAsync(alice);
        await using var b = await SignUpAsync(bob);
        await OpenPrivateChatAsync(a, alice, b, bob);

        await a.TypeAsync($"private {bob} psst");
        await b.ExpectAsync($"{alice} (private): psst");
        await b.TypeAsync($"private {alice} hi back");
        await a.ExpectAsync($"{bob} (private): hi back");

        await a.TypeAsync($"stopprivate {bob}");
        await b.ExpectAsync($"{alice} stopped the private chat");
        await b.TypeAsync($"private {alice} still there?");
        await b.ExpectAsync($"no private chat with {alice}: type 'startprivate {alice}' first");

        await a.TypeAsync("logout");
        await a.ExpectAsync($"goodbye {alice}");
        await a.ExpectAsync("Server is closing connection");
        (await a.ExitCodeAsync()).ShouldBe(0);
        await b.ExpectAsync($"{alice} logged out");
    }

    [Fact]
    public async Task The_client_shows_private_lines_only_from_the_peer_it_accepted()
    {
        var (alice, bob) = (GatewayFixture.NewId("alice"), GatewayFixture.NewId("bob"));
        await using var a = await SignUpAsync(alice);
        await using var b = await SignUpAsync(bob);
        var alicesAddress = await OpenPrivateChatAsync(a, alice, b, bob);

        // Anyone can connect to the port the server told bob; a line naming someone alice never accepted is not shown,
        // and the connection is closed.
        var port = int.Parse(alicesAddress[(alicesAddress.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        using (var intruder = new System.Net.Sockets.TcpClient())
        {
            await intruder.ConnectAsync(System.Net.IPAddress.Loopback, port, TestContext.Current.CancellationToken);
            var stream = intruder.GetStream();
            await stream.WriteAsync("mallory (private): spoofed, your bank called\n"u8.ToArray(), TestContext.Current.CancellationToken);
            var closed = await stream.ReadAsync(new byte[1], TestContext.Current.CancellationToken).AsTask().WaitAsync(Eventually.DefaultDeadline, TestContext.Current.CancellationToken);
            closed.ShouldBe(0);
        }

        await b.TypeAsync($"private {alice} the real one");
        (await a.ExpectAsync(l => l.Contains("spoofed", StringComparison.Ordinal) || l.Contains("the real one", StringComparison.Ordinal), "a private line"))
            .ShouldBe($"{bob} (private): the real one");
    }
}
