using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Http;

public sealed class RestartTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> Settings = new() { ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000" };

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Keys_and_sessions_survive_a_kill_and_a_token_signed_before_still_verifies_after()
    {
        JsonObject tokens;
        string jwks;
        await using (var before = await GatewayProcess.StartAsync(_data.Path, Settings))
        {
            using var http = new HttpClient { BaseAddress = before.HttpAddress };
            (await http.PostAsJsonAsync("/api/users", new { id = "survivor", password = "correct horse battery" }, Ct)).EnsureSuccessStatusCode();
            tokens = await HttpFixture.PostJsonAsync(http, "/api/token", new { id = "survivor", password = "correct horse battery" });
            jwks = await http.GetStringAsync("/.well-known/jwks.json", Ct);
            await before.KillAsync();
        }

        await using var after = await GatewayProcess.StartAsync(_data.Path, Settings);
        using var again = new HttpClient { BaseAddress = after.HttpAddress };
        (await again.GetStringAsync("/.well-known/jwks.json", Ct)).ShouldBe(jwks);
        var me = await again.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/me", HttpFixture.Text(tokens, "access_token")), Ct);
        me.IsSuccessStatusCode.ShouldBeTrue(await me.Content.ReadAsStringAsync(Ct));
        var second = await HttpFixture.PostJsonAsync(again, "/api/token/refresh", new { refresh_token = HttpFixture.Text(tokens, "refresh_token") });
        await HttpFixture.PostJsonAsync(again, "/api/token/refresh", new { refresh_token = HttpFixture.Text(second, "refresh_token") });
        await after.KillAsync();

        // Both rotations were journalled before they were answered: after another kill, replaying the first token
        // (older than the grace allows: two rotations back) is reuse.
        await using var third = await GatewayProcess.StartAsync(_data.Path, Settings);
        using var later = new HttpClient { BaseAddress = third.HttpAddress };
        var replay = await later.PostAsJsonAsync("/api/token/refresh", new { refresh_token = HttpFixture.Text(tokens, "refresh_token") }, Ct);
        (await HttpFixture.ProblemAsync(replay, 401))["detail"]!.GetValue<string>().ShouldContain("already used");
    }
}
