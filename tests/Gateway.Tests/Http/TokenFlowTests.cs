using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AuthActors.Gateway.Tests.Http;

public abstract class TokenFlowTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : HttpFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_up_then_token_gives_an_oauth_shaped_pair_that_reads_the_profile()
    {
        using var http = fixture.Client();
        var id = GatewayFixture.NewId("signup");
        var created = await http.PostAsJsonAsync("/api/users", new { id, password = "correct horse battery", email = "a@example.org", display_name = "Ann" }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await http.PostAsJsonAsync("/api/token", new { id, password = "correct horse battery" }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var tokens = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        HttpFixture.Text(tokens, "token_type").ShouldBe("Bearer");
        tokens["expires_in"]!.GetValue<int>().ShouldBeInRange(590, 600);
        HttpFixture.Text(tokens, "refresh_token").ShouldStartWith("rt1.");

        var me = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/me", HttpFixture.Text(tokens, "access_token")), Ct);
        var profile = JsonNode.Parse(await me.Content.ReadAsStringAsync(Ct))!.AsObject();
        HttpFixture.Text(profile, "id").ShouldBe(id);
        HttpFixture.Text(profile, "email").ShouldBe("a@example.org");
        HttpFixture.Text(profile, "display_name").ShouldBe("Ann");
        HttpFixture.Text(profile, "status").ShouldBe("active");
        HttpFixture.Text(profile, "last_login_from").ShouldBe("127.0.0.1");
    }

    [Fact]
    public async Task Refresh_rotates_a_retry_gets_the_same_successor_and_replaying_an_older_token_revokes_the_family_but_not_other_sessions()
    {
        using var http = fixture.Client();
        var (id, first) = await fixture.NewUserWithTokensAsync(http, "rotate");
        var other = await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = "correct horse battery" });

        var second = await HttpFixture.PostJsonAsync(http, "/api/token/refresh", new { refresh_token = HttpFixture.Text(first, "refresh_token") });
        HttpFixture.Text(second, "refresh_token").ShouldNotBe(HttpFixture.Text(first, "refresh_token"));
        HttpFixture.Text(second, "session_id").ShouldBe(HttpFixture.Text(first, "session_id"));

        // A client whose response was lost presents the same token again within the grace: the same successor.
        var retried = await HttpFixture.PostJsonAsync(http, "/api/token/refresh", new { refresh_token = HttpFixture.Text(first, "refresh_token") });
        HttpFixture.Text(retried, "refresh_token").ShouldBe(HttpFixture.Text(second, "refresh_token"));
        var third = await HttpFixture.PostJsonAsync(http, "/api/token/refresh", new { refresh_token = HttpFixture.Text(second, "refresh_token") });

        // The token before last is reuse whatever the grace.
        var replay = await http.PostAsJsonAsync("/api/token/refresh", new { refresh_token = HttpFixture.Text(first, "refresh_token") }, Ct);
        (await HttpFixture.ProblemAsync(replay, 401))["detail"]!.GetValue<string>().ShouldContain("already used");

        // The thief's replay killed the family: the legitimate newer token and its access token are dead too.
        var afterReplay = await http.PostAsJsonAsync("/api/token/refresh", new { refresh_token = HttpFixture.Text(third, "refresh_token") }, Ct);
        await HttpFixture.ProblemAsync(afterReplay, 401);
        var me = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/me", HttpFixture.Text(third, "access_token")), Ct);
        await HttpFixture.ProblemAsync(me, 401);

        // The user's other session is untouched.
        await HttpFixture.PostJsonAsync(http, "/api/token/refresh", new { refresh_token = HttpFixture.Text(other, "refresh_token") });
    }

    [Fact]
    public async Task Unknown_id_and_wrong_password_get_the_same_status_and_body()
    {
        using var http = fixture.Client();
        var (id, _) = await fixture.NewUserWithTokensAsync(http, "enum");
        var wrong = await http.PostAsJsonAsync("/api/token", new { id, password = "not the password" }, Ct);
        var unknown = await http.PostAsJsonAsync("/api/token", new { id = GatewayFixture.NewId("ghost"), password = "not the password" }, Ct);
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await unknown.Content.ReadAsStringAsync(Ct)).ShouldBe(await wrong.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Revoke_by_refresh_token_ends_the_session_and_introspection_sees_it()
    {
        using var http = fixture.Client();
        var (id, tokens) = await fixture.NewUserWithTokensAsync(http, "revoke");
        var access = HttpFixture.Text(tokens, "access_token");

        var live = JsonNode.Parse(await (await http.SendAsync(HttpFixture.Introspection(access), Ct)).Content.ReadAsStringAsync(Ct))!.AsObject();
        live["active"]!.GetValue<bool>().ShouldBeTrue();
        HttpFixture.Text(live, "sub").ShouldBe(id);
        HttpFixture.Text(live, "token_type").ShouldBe("access_token");
        var refreshLive = JsonNode.Parse(await (await http.SendAsync(HttpFixture.Introspection(HttpFixture.Text(tokens, "refresh_token")), Ct)).Content.ReadAsStringAsync(Ct))!.AsObject();
        refreshLive["active"]!.GetValue<bool>().ShouldBeTrue();

        var revoked = await HttpFixture.PostJsonAsync(http, "/api/token/revoke", new { token = HttpFixture.Text(tokens, "refresh_token") });
        revoked["sessions_ended"]!.GetValue<int>().ShouldBe(1);

        var dead = JsonNode.Parse(await (await http.SendAsync(HttpFixture.Introspection(access), Ct)).Content.ReadAsStringAsync(Ct))!.AsObject();
        dead.ToJsonString().ShouldBe("""{"active":false}""");
    }

    [Fact]
    public async Task Revoking_one_access_token_leaves_its_session_and_revoking_all_ends_every_session()
    {
        using var http = fixture.Client();
        var (id, tokens) = await fixture.NewUserWithTokensAsync(http, "revoke-at");
        var second = await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = "correct horse battery" });

        var one = await HttpFixture.PostJsonAsync(http, "/api/token/revoke", new { token = HttpFixture.Text(tokens, "access_token") });
        one["access_token_revoked"]!.GetValue<bool>().ShouldBeTrue();
        await HttpFixture.ProblemAsync(await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/me", HttpFixture.Text(tokens, "access_token")), Ct), 401);
        var fresh = await HttpFixture.PostJsonAsync(http, "/api/token/refresh", new { refresh_token = HttpFixture.Text(tokens, "refresh_token") });

        var all = await HttpFixture.PostJsonAsync(http, "/api/token/revoke", new { token = HttpFixture.Text(fresh, "access_token"), scope = "all" });
        all["sessions_ended"]!.GetValue<int>().ShouldBe(2);
        await HttpFixture.ProblemAsync(await http.PostAsJsonAsync("/api/token/refresh", new { refresh_token = HttpFixture.Text(second, "refresh_token") }, Ct), 401);
    }

    [Fact]
    public async Task Introspection_needs_client_credentials()
    {
        using var http = fixture.Client();
        var (_, tokens) = await fixture.NewUserWithTokensAsync(http, "introspect");
        var response = await http.SendAsync(HttpFixture.Introspection(HttpFixture.Text(tokens, "access_token"), "wrong secret"), Ct);
        await HttpFixture.ProblemAsync(response, 401);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Basic");
    }

    [Fact]
    public async Task Sessions_are_listed_with_the_current_one_marked_and_can_be_ended()
    {
        using var http = fixture.Client();
        var (id, tokens) = await fixture.NewUserWithTokensAsync(http, "sessions");
        var other = await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = "correct horse battery" });
        var access = HttpFixture.Text(tokens, "access_token");

        var list = JsonNode.Parse(await (await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/me/sessions", access), Ct)).Content.ReadAsStringAsync(Ct))!.AsArray();
        list.Count.ShouldBe(2);
        list.Single(s => s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>().ShouldBe(HttpFixture.Text(tokens, "session_id"));

        var end = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Delete, $"/api/me/sessions/{HttpFixture.Text(other, "session_id")}", access), Ct);
        end.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await HttpFixture.ProblemAsync(await http.PostAsJsonAsync("/api/token/refresh", new { refresh_token = HttpFixture.Text(other, "refresh_token") }, Ct), 401);
        var again = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Delete, $"/api/me/sessions/{HttpFixture.Text(other, "session_id")}", access), Ct);
        await HttpFixture.ProblemAsync(again, 404);
    }

    [Fact]
    public async Task Password_change_ends_every_session_and_the_new_password_works()
    {
        using var http = fixture.Client();
        var (id, tokens) = await fixture.NewUserWithTokensAsync(http, "chpw");
        var change = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Put, "/api/me/password", HttpFixture.Text(tokens, "access_token"),
            new { current_password = "correct horse battery", new_password = "a brand new passphrase" }), Ct);
        change.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await HttpFixture.ProblemAsync(await http.PostAsJsonAsync("/api/token/refresh", new { refresh_token = HttpFixture.Text(tokens, "refresh_token") }, Ct), 401);
        await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = "a brand new passphrase" });
    }

    [Fact]
    public async Task Withdrawn_account_cannot_log_in_and_its_id_cannot_be_taken_during_the_cooldown()
    {
        using var http = fixture.Client();
        var (id, tokens) = await fixture.NewUserWithTokensAsync(http, "withdraw");
        var withdraw = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Delete, "/api/me", HttpFixture.Text(tokens, "access_token"), new { password = "correct horse battery" }), Ct);
        var body = JsonNode.Parse(await withdraw.Content.ReadAsStringAsync(Ct))!.AsObject();
        withdraw.StatusCode.ShouldBe(HttpStatusCode.OK);
        DateTimeOffset.Parse(HttpFixture.Text(body, "free_again_at"), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddDays(6));

        var login = await http.PostAsJsonAsync("/api/token", new { id, password = "correct horse battery" }, Ct);
        (await HttpFixture.ProblemAsync(login, 403))["detail"]!.GetValue<string>().ShouldBe("account withdrawn");
        var again = await http.PostAsJsonAsync("/api/users", new { id, password = "another passphrase" }, Ct);
        (await HttpFixture.ProblemAsync(again, 409))["detail"]!.GetValue<string>().ShouldContain("withdrawn");
    }
}

/// <summary>The suite on the embedded SQLite journal.</summary>
public sealed class SqliteTokenFlowTests(HttpFixture fixture) : TokenFlowTests<HttpFixture>(fixture);

/// <summary>The suite on PostgreSQL: journal, snapshots, signing keys and the projection's log all there.</summary>
public sealed class PostgresTokenFlowTests(PostgresHttpFixture fixture) : TokenFlowTests<PostgresHttpFixture>(fixture);
