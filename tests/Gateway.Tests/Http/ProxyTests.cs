using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AuthActors.Gateway.Tests.Http;

/// <summary>A gateway behind a TLS-terminating proxy on loopback, trusting it for X-Forwarded-For and -Proto.</summary>
public sealed class ProxyFixture : HttpFixture
{
    public const string MetricsNetwork = "198.51.100.0/24";

    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        // Both ways an operator writes a list: comma-separated in one variable, or one variable per index.
        ["AUTHACTORS_GATEWAY__HTTP__TRUSTED_PROXIES"] = "10.9.8.7, 127.0.0.1",
        ["AUTHACTORS_GATEWAY__HTTP__METRICS_ALLOWED__0"] = MetricsNetwork,
    };
}

public sealed partial class ProxyTests(ProxyFixture fixture) : IClassFixture<ProxyFixture>
{
    private const string Password = "correct horse battery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Behind_a_trusted_proxy_the_forwarded_client_address_is_recorded()
    {
        using var http = fixture.Client();
        var id = GatewayFixture.NewId("proxied");
        (await http.PostAsJsonAsync("/api/users", new { id, password = Password }, Ct)).EnsureSuccessStatusCode();
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/token") { Content = JsonContent.Create(new { id, password = Password }) };
        login.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var tokens = await JsonOfAsync(await http.SendAsync(login, Ct));

        var me = await JsonOfAsync(await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/me", HttpFixture.Text(tokens, "access_token")), Ct));
        HttpFixture.Text(me, "last_login_from").ShouldBe("203.0.113.7");
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_over_https_cookies_are_Secure_with_the_Host_prefix_and_HSTS_is_sent()
    {
        // As the proxy sees it: no redirect followed, cookies passed on by hand.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = fixture.Gateway.HttpAddress };
        var id = GatewayFixture.NewId("proxied");
        (await http.PostAsJsonAsync("/api/users", new { id, password = Password }, Ct)).EnsureSuccessStatusCode();

        using var pageRequest = Forwarded(HttpMethod.Get, "/login");
        using var page = await http.SendAsync(pageRequest, Ct);
        page.Headers.Contains("Strict-Transport-Security").ShouldBeTrue();
        var antiforgery = page.Headers.GetValues("Set-Cookie").ShouldHaveSingleItem();
        antiforgery.ShouldContain("; secure", Case.Insensitive);
        var token = VerificationToken().Match(await page.Content.ReadAsStringAsync(Ct)).Groups[1].Value;

        using var login = Forwarded(HttpMethod.Post, "/login");
        login.Content = new FormUrlEncodedContent([new("id", id), new("password", Password), new("__RequestVerificationToken", token)]);
        login.Headers.Add("Origin", $"https://127.0.0.1:{fixture.Gateway.HttpPort}");
        login.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var loggedIn = await http.SendAsync(login, Ct);

        loggedIn.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await loggedIn.Content.ReadAsStringAsync(Ct));
        var cookies = loggedIn.Headers.GetValues("Set-Cookie").ToList();
        cookies.ShouldContain(cookie => cookie.StartsWith("__Host-authactors_access=", StringComparison.Ordinal));
        cookies.ShouldContain(cookie => cookie.StartsWith("__Host-authactors_refresh=", StringComparison.Ordinal));
        cookies.ShouldAllBe(cookie => cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase) && cookie.Contains("; path=/", StringComparison.OrdinalIgnoreCase));

        // The member page reads the prefixed cookies back.
        using var member = Forwarded(HttpMethod.Get, "/me");
        member.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        (await http.SendAsync(member, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_are_refused_to_a_forwarded_client_outside_the_allow_list_and_served_inside_it()
    {
        using var http = fixture.Client();
        using var outside = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        outside.Headers.Add("X-Forwarded-For", "203.0.113.7");
        (await http.SendAsync(outside, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var inside = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        inside.Headers.Add("X-Forwarded-For", "198.51.100.9");
        (await http.SendAsync(inside, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await http.GetAsync("/metrics", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "loopback may always scrape");
    }

    private static async Task<JsonObject> JsonOfAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static HttpRequestMessage Forwarded(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex VerificationToken();
}

/// <summary>Without trusted proxies (the default) forwarded headers are anybody's claim and change nothing.</summary>
public sealed class UntrustedForwardingTests(HttpFixture fixture) : IClassFixture<HttpFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_peer_change_neither_scheme_nor_address()
    {
        using var http = fixture.Client();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/login");
        page.Headers.Add("X-Forwarded-For", "203.0.113.7");
        page.Headers.Add("X-Forwarded-Proto", "https");
        using var answer = await http.SendAsync(page, Ct);

        answer.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
        answer.Headers.GetValues("Set-Cookie").ShouldAllBe(cookie => !cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));

        using var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        metrics.Headers.Add("X-Forwarded-For", "203.0.113.7");
        (await http.SendAsync(metrics, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "the peer is loopback, whatever it claims");
    }
}
