using System.Net;
using System.Net.Http.Json;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using AuthActors.Gateway.Tests.Sessions;
using AuthActors.Runtime.Security;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Operations;

/// <summary>A gateway process serving TLS with a certificate from <see cref="DevCertificates"/>, and a second CA that signed nothing of it.</summary>
public sealed class TlsGatewayFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();

    public GatewayProcess Gateway { get; private set; } = null!;

    public DevCertificateFiles Certificates { get; private set; } = null!;

    public DevCertificateFiles Stranger { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Certificates = DevCertificates.Write(_directory.File("certs"));
        Stranger = DevCertificates.Write(_directory.File("stranger"));
        Gateway = await GatewayProcess.StartAsync(_directory.Directory("data"), new Dictionary<string, string>
        {
            ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
            ["AUTHACTORS_TLS_CERT"] = Certificates.GatewayCertificate,
            ["AUTHACTORS_TLS_KEY"] = Certificates.GatewayKey,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>An HTTP client for the gateway's HTTPS port that trusts <paramref name="authorityFile"/>'s CA only.</summary>
    public HttpClient Https(string authorityFile) =>
        new(new SocketsHttpHandler { SslOptions = LineClient.TrustOnly(authorityFile), UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"https://localhost:{Gateway.HttpPort}/"),
            Timeout = Eventually.DefaultDeadline,
        };
}

/// <summary>TLS on every client port of the gateway: trusted clients talk, clients that trust another CA refuse the handshake.</summary>
public sealed partial class TlsTests(TlsGatewayFixture fixture) : IClassFixture<TlsGatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_login_dialog_works_over_TLS()
    {
        var id = GatewayFixture.NewId("tls");
        await using var client = await LineClient.ConnectTlsAsync(fixture.Gateway.Port, fixture.Certificates.Authority);

        (await client.ReadLineAsync()).ShouldBe("enter your id");
        (await client.AskAsync(id)).ShouldBe("not existing user. enter your password to add new user");
        (await client.AskAsync("s3cret1")).ShouldBe($"<<close>>successfully added user:{id}");
    }

    [Fact]
    public async Task The_session_port_welcomes_over_TLS()
    {
        var id = GatewayFixture.NewId("tls");
        await using var client = await LineClient.ConnectTlsAsync(fixture.Gateway.SessionPort, fixture.Certificates.Authority);

        (await client.ReadLineAsync()).ShouldBe("enter your id");
        (await client.AskAsync(id)).ShouldBe("not existing user. enter your password to add new user");
        (await client.AskAsync("s3cret1")).ShouldBe($"successfully added user:{id}");
        (await client.ReadLineAsync()).ShouldBe($"welcome {id}");
        (await client.AskAsync("logout")).ShouldBe($"<<close>>goodbye {id}");
    }

    [Fact]
    public async Task The_session_client_talks_over_TLS_when_it_trusts_the_CA_and_refuses_otherwise()
    {
        var id = GatewayFixture.NewId("tls");
        var port = fixture.Gateway.SessionPort;
        await using (var client = ClientProcess.Start(port, "--tls", "--host", "localhost", "--ca", fixture.Certificates.Authority))
        {
            await client.ExpectAsync("enter your id");
            await client.TypeAsync(id);
            await client.ExpectAsync("not existing user. enter your password to add new user");
            await client.TypeAsync("s3cret1");
            await client.ExpectAsync($"welcome {id}");
            await client.TypeAsync("logout");
            await client.ExpectAsync($"goodbye {id}");
        }

        await using var refusing = ClientProcess.Start(port, "--tls", "--host", "localhost", "--ca", fixture.Stranger.Authority);
        await refusing.ExpectAsync(line => line.StartsWith($"TLS with localhost:{port} failed: ", StringComparison.Ordinal), "the TLS failure");
        (await refusing.ExitCodeAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task The_API_works_over_HTTPS_and_asks_browsers_to_keep_to_HTTPS()
    {
        var id = GatewayFixture.NewId("tls");
        using var http = fixture.Https(fixture.Certificates.Authority);

        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        health.Headers.GetValues("Strict-Transport-Security").ShouldBe(["max-age=31536000"]);

        using var signUp = await http.PostAsJsonAsync("/api/users", new { id, password = "correct horse battery", email = $"{id}@example.org" }, Ct);
        signUp.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var token = await http.PostAsJsonAsync("/api/token", new { id, password = "correct horse battery" }, Ct);
        token.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await token.Content.ReadAsStringAsync(Ct)).ShouldContain("\"access_token\":");
    }

    [Fact]
    public async Task The_web_login_over_HTTPS_sets_Secure_cookies_with_the_Host_prefix()
    {
        var id = GatewayFixture.NewId("tls");
        using var http = fixture.Https(fixture.Certificates.Authority);
        using (var signUp = await http.PostAsJsonAsync("/api/users", new { id, password = "correct horse battery", email = $"{id}@example.org" }, Ct))
        {
            signUp.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var page = await http.GetAsync(new Uri("/login", UriKind.Relative), Ct);
        var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").ShouldHaveSingleItem();
        antiforgeryCookie.ShouldContain("; secure", Case.Insensitive);
        var token = VerificationToken().Match(await page.Content.ReadAsStringAsync(Ct)).Groups[1].Value;
        using var login = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent([new("id", id), new("password", "correct horse battery"), new("__RequestVerificationToken", token)]),
        };
        login.Headers.Add("Origin", $"https://localhost:{fixture.Gateway.HttpPort}");
        login.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);

        using var loggedIn = await http.SendAsync(login, Ct);

        var cookies = loggedIn.Headers.GetValues("Set-Cookie").ToList();
        cookies.ShouldContain(cookie => cookie.StartsWith("__Host-authactors_access=", StringComparison.Ordinal));
        cookies.ShouldAllBe(cookie => cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_client_that_trusts_another_CA_refuses_every_port()
    {
        foreach (var port in new[] { fixture.Gateway.Port, fixture.Gateway.SessionPort, fixture.Gateway.HttpPort })
        {
            await Should.ThrowAsync<AuthenticationException>(() => LineClient.ConnectTlsAsync(port, fixture.Stranger.Authority));
        }

        using var http = fixture.Https(fixture.Stranger.Authority);
        var refused = await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync(new Uri("/healthz", UriKind.Relative), Ct));
        refused.InnerException.ShouldBeOfType<AuthenticationException>();
    }

    [Fact]
    public void The_start_up_log_says_TLS_and_gives_no_plain_text_warning()
    {
        fixture.Gateway.Output.ShouldContain($"Login port listening on 127.0.0.1:{fixture.Gateway.Port} (TLS)");
        fixture.Gateway.Output.ShouldContain("Serving TLS with the certificate CN=AuthActors dev gateway");
        fixture.Gateway.Output.ShouldNotContain("serve plain text");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex VerificationToken();
}
