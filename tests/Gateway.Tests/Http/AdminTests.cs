using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AuthActors.Gateway.Tests.Http;

public abstract class AdminTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : HttpFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> AdminTokenAsync(HttpClient http)
    {
        var tokens = await HttpFixture.PostJsonAsync(http, "/api/token", new { id = HttpFixture.AdminId, password = HttpFixture.AdminPassword });
        return HttpFixture.Text(tokens, "access_token");
    }

    [Fact]
    public async Task A_user_token_cannot_reach_admin_endpoints_and_no_token_is_401()
    {
        using var http = fixture.Client();
        var (id, tokens) = await fixture.NewUserWithTokensAsync(http, "notadmin");
        var forbidden = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/admin/users", HttpFixture.Text(tokens, "access_token")), Ct);
        await HttpFixture.ProblemAsync(forbidden, 403);
        var ban = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Post, $"/api/admin/users/{id}/ban", HttpFixture.Text(tokens, "access_token"), new { reason = "self" }), Ct);
        await HttpFixture.ProblemAsync(ban, 403);
        var anonymous = await http.GetAsync("/api/admin/users", Ct);
        await HttpFixture.ProblemAsync(anonymous, 401);
        anonymous.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Fact]
    public async Task Ban_refuses_login_with_403_account_protected_ends_sessions_and_unban_restores()
    {
        using var http = fixture.Client();
        var admin = await AdminTokenAsync(http);
        var (id, tokens) = await fixture.NewUserWithTokensAsync(http, "banme");

        var ban = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Post, $"/api/admin/users/{id}/ban", admin, new { reason = "spam" }), Ct);
        ban.StatusCode.ShouldBe(HttpStatusCode.OK);
        var login = await http.PostAsJsonAsync("/api/token", new { id, password = "correct horse battery" }, Ct);
        (await HttpFixture.ProblemAsync(login, 403))["detail"]!.GetValue<string>().ShouldStartWith("account protected");
        await HttpFixture.ProblemAsync(await http.PostAsJsonAsync("/api/token/refresh", new { refresh_token = HttpFixture.Text(tokens, "refresh_token") }, Ct), 401);

        var banned = JsonNode.Parse(await (await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, $"/api/admin/users?status=banned&prefix={id}", admin), Ct)).Content.ReadAsStringAsync(Ct))!.AsObject();
        banned["users"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ShouldBe([id]);

        (await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Post, $"/api/admin/users/{id}/unban", admin), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = "correct horse battery" });
    }

    [Fact]
    public async Task Admin_list_is_paged_and_filtered_by_status_and_prefix()
    {
        using var http = fixture.Client();
        var admin = await AdminTokenAsync(http);
        var prefix = GatewayFixture.NewId("page");
        for (var i = 0; i < 5; i++)
        {
            (await http.PostAsJsonAsync("/api/users", new { id = $"{prefix}-{i}", password = "correct horse battery" }, Ct)).EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 3; i++)
        {
            await http.PostAsJsonAsync("/api/token", new { id = $"{prefix}-4", password = "wrong password here" }, Ct);
        }

        var page = JsonNode.Parse(await (await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, $"/api/admin/users?prefix={prefix}&page=2&page_size=2", admin), Ct)).Content.ReadAsStringAsync(Ct))!.AsObject();
        page["total"]!.GetValue<int>().ShouldBe(5);
        page["users"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ShouldBe([$"{prefix}-2", $"{prefix}-3"]);

        var locked = JsonNode.Parse(await (await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, $"/api/admin/users?prefix={prefix}&status=locked", admin), Ct)).Content.ReadAsStringAsync(Ct))!.AsObject();
        locked["users"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ShouldBe([$"{prefix}-4"]);

        (await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Post, $"/api/admin/users/{prefix}-4/unlock", admin), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await HttpFixture.PostJsonAsync(http, "/api/token", new { id = $"{prefix}-4", password = "correct horse battery" });

        var bad = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/admin/users?status=sleepy&page_size=1000", admin), Ct);
        (await HttpFixture.ProblemAsync(bad, 400))["errors"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Admin_reads_and_deletes_a_user_and_the_id_is_free_again()
    {
        using var http = fixture.Client();
        var admin = await AdminTokenAsync(http);
        var (id, _) = await fixture.NewUserWithTokensAsync(http, "delete");
        var profile = JsonNode.Parse(await (await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, $"/api/admin/users/{id}", admin), Ct)).Content.ReadAsStringAsync(Ct))!.AsObject();
        profile["active_sessions"]!.GetValue<int>().ShouldBe(1);

        (await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Delete, $"/api/admin/users/{id}", admin), Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await HttpFixture.ProblemAsync(await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, $"/api/admin/users/{id}", admin), Ct), 404);
        (await http.PostAsJsonAsync("/api/users", new { id, password = "correct horse battery" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}

/// <summary>The suite on the embedded SQLite journal.</summary>
public sealed class SqliteAdminTests(HttpFixture fixture) : AdminTests<HttpFixture>(fixture);

/// <summary>The suite on PostgreSQL: journal, snapshots, signing keys and the projection's log all there.</summary>
public sealed class PostgresAdminTests(PostgresHttpFixture fixture) : AdminTests<PostgresHttpFixture>(fixture);
