using System.Text;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Tcp;

public sealed class BadInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_line_over_4_KiB_is_refused_and_the_connection_closed()
    {
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        await client.SendLineAsync(new string('x', 4097));
        (await client.ReadLineAsync()).ShouldBe("ERR 413 line too long");
        (await client.ReadLineAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Bytes_without_a_line_end_past_the_bound_are_refused_too()
    {
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        await client.SendRawAsync(Encoding.ASCII.GetBytes(new string('y', 10_000)));
        (await client.ReadLineAsync()).ShouldBe("ERR 413 line too long");
        (await client.ReadLineAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Invalid_utf8_gets_a_clear_error_and_the_conversation_goes_on()
    {
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        await client.SendRawAsync([0xC3, 0x28, (byte)'\n']);
        (await client.ReadLineAsync()).ShouldBe("ERR 400 input is not valid UTF-8");
        (await client.AskAsync(GatewayFixture.NewId("after"))).ShouldBe("not existing user. enter your password to add new user");
    }

    [Fact]
    public async Task Connections_from_one_address_are_limited()
    {
        var clients = new List<LineClient>();
        try
        {
            string? refusal = null;
            for (var i = 0; i < 40 && refusal is null; i++)
            {
                var client = await fixture.ConnectAsync();
                clients.Add(client);
                var first = await client.ReadLineAsync();
                if (first != "enter your id")
                {
                    refusal = first;
                }
            }

            refusal.ShouldBe("<<close>>ERR 429 too many connections from your address");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        // Places are given back when connections close.
        await Eventually.ConditionAsync(
            async () =>
            {
                await using var client = await fixture.ConnectAsync();
                return await client.ReadLineAsync() == "enter your id";
            },
            "a new connection is accepted once the others closed");
    }
}
