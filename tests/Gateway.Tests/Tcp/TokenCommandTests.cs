using System.Net.Http.Json;
using AuthActors.Gateway.Tests.Http;

namespace AuthActors.Gateway.Tests.Tcp;

public sealed class TokenCommandTests(HttpFixture fixture) : IClassFixture<HttpFixture>
{
    private static Dictionary<string, string> Fields(string? line) =>
        line!["OK ".Length..].Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public async Task Token_refresh_and_revoke_work_over_the_command_mode_and_the_tokens_work_over_http()
    {
        var id = GatewayFixture.NewId("tcptok");
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        (await client.AskAsync($"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");

        var issued = await client.AskAsync($"TOKEN {id} pass1word");
        issued.ShouldStartWith("OK access_token=");
        var first = Fields(issued);
        first["token_type"].ShouldBe("Bearer");
        int.Parse(first["expires_in"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(590, 600);

        var rotated = Fields(await client.AskAsync($"REFRESH {first["refresh_token"]}"));
        rotated["refresh_token"].ShouldNotBe(first["refresh_token"]);
        Fields(await client.AskAsync($"REFRESH {first["refresh_token"]}"))["refresh_token"].ShouldBe(rotated["refresh_token"]);
        Fields(await client.AskAsync($"REFRESH {rotated["refresh_token"]}"));
        (await client.AskAsync($"REFRESH {first["refresh_token"]}")).ShouldBe("ERR 401 refresh token already used: the session is revoked");

        var second = Fields(await client.AskAsync($"TOKEN {id} pass1word"));
        using var http = fixture.Client();
        (await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/me", second["access_token"]), TestContext.Current.CancellationToken))
            .IsSuccessStatusCode.ShouldBeTrue();
        var sessions = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/me/sessions", second["access_token"]), TestContext.Current.CancellationToken);
        (await sessions.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("\"client\":\"tcp\"");

        (await client.AskAsync($"REVOKE {second["refresh_token"]} all")).ShouldBe("OK revoked sessions_ended=1 access_token_revoked=false");
        (await client.AskAsync($"REFRESH {second["refresh_token"]}")).ShouldStartWith("ERR 401");
    }

    [Fact]
    public async Task Bad_token_commands_get_the_usage_or_a_clear_error()
    {
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        (await client.AskAsync("REFRESH not-a-token")).ShouldBe("ERR 401 invalid refresh token");
        (await client.AskAsync("REVOKE something sideways")).ShouldStartWith("ERR 400 commands:");
        (await client.AskAsync($"TOKEN {GatewayFixture.NewId("ghost")} whatever1")).ShouldBe("ERR 401 wrong id or password");
        (await client.AskAsync("REVOKE not-a-token")).ShouldBe("OK revoked sessions_ended=0 access_token_revoked=false");
    }
}
