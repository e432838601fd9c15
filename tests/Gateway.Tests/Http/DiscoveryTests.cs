using System.Buffers.Text;
using System.Text.Json.Nodes;

namespace AuthActors.Gateway.Tests.Http;

public sealed class DiscoveryTests(HttpFixture fixture) : IClassFixture<HttpFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Openid_configuration_names_the_configured_issuer_and_endpoints_under_it()
    {
        using var http = fixture.Client();
        var config = JsonNode.Parse(await http.GetStringAsync("/.well-known/openid-configuration", Ct))!.AsObject();
        HttpFixture.Text(config, "issuer").ShouldBe(HttpFixture.Issuer);
        HttpFixture.Text(config, "jwks_uri").ShouldBe($"{HttpFixture.Issuer}/.well-known/jwks.json");
        HttpFixture.Text(config, "token_endpoint").ShouldBe($"{HttpFixture.Issuer}/api/token");
    }

    [Fact]
    public async Task A_forged_host_header_changes_no_url_in_the_openid_configuration()
    {
        using var http = fixture.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        request.Headers.Host = "evil.example";
        using var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        text.ShouldNotContain("evil.example");
        HttpFixture.Text(JsonNode.Parse(text)!.AsObject(), "issuer").ShouldBe(HttpFixture.Issuer);
    }

    [Fact]
    public async Task Discovery_does_not_offer_the_password_grant()
    {
        using var http = fixture.Client();
        var config = JsonNode.Parse(await http.GetStringAsync("/.well-known/openid-configuration", Ct))!.AsObject();
        config["grant_types_supported"]!.AsArray().Select(g => g!.GetValue<string>()).ShouldBe(["refresh_token"]);
    }

    [Fact]
    public async Task Access_tokens_carry_the_configured_issuer()
    {
        using var http = fixture.Client();
        var (_, tokens) = await fixture.NewUserWithTokensAsync(http, "issuer");
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(HttpFixture.Text(tokens, "access_token").Split('.')[1]))!.AsObject();
        HttpFixture.Text(claims, "iss").ShouldBe(HttpFixture.Issuer);
    }

    [Fact]
    public async Task Jwks_holds_one_es256_public_key_and_no_private_part()
    {
        using var http = fixture.Client();
        var jwks = JsonNode.Parse(await http.GetStringAsync("/.well-known/jwks.json", Ct))!.AsObject();
        var key = jwks["keys"]!.AsArray().ShouldHaveSingleItem()!.AsObject();
        HttpFixture.Text(key, "kty").ShouldBe("EC");
        HttpFixture.Text(key, "crv").ShouldBe("P-256");
        HttpFixture.Text(key, "alg").ShouldBe("ES256");
        key.ContainsKey("d").ShouldBeFalse();
    }

    [Fact]
    public async Task Openapi_document_describes_every_endpoint()
    {
        using var http = fixture.Client();
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json", Ct))!.AsObject();
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldBe(
            [
                "/.well-known/jwks.json", "/.well-known/openid-configuration", "/api/users", "/api/token", "/api/token/refresh",
                "/api/token/revoke", "/api/token/introspect", "/api/me", "/api/me/password", "/api/me/sessions", "/api/me/sessions/{id}",
                "/api/admin/users", "/api/admin/users/{id}", "/api/admin/users/{id}/ban", "/api/admin/users/{id}/unban",
                "/api/admin/users/{id}/unlock", "/api/admin/users/{id}/sessions",
                "/api/admin/users/{id}/history", "/api/admin/users/{id}/sessions/{session}", "/api/admin/import", "/api/admin/export",
                "/api/admin/keys/rotate", "/api/admin/cluster",
            ],
            ignoreOrder: true);
    }
}
