using System.Net;
using System.Text;
using AuthActors.Gateway.Tests.Sessions;
using AuthActors.Gateway.Tests.Sessions.Cluster;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Web;

/// <summary>The two gateways of <see cref="TwoGatewayCluster"/> sharing their antiforgery keys through <c>gateway.http.web-keys-dir</c>.</summary>
public sealed class WebCluster : TwoGatewayCluster
{
    private readonly TemporaryDirectory _webKeys = new();

    public const string AdminId = "webc-admin";
    public const string AdminPassword = "webc admin password 1";

    public WebCluster()
    {
        Settings["AUTHACTORS_GATEWAY__HTTP__WEB_KEYS_DIR"] = _webKeys.Path;
        Settings["AUTHACTORS_ADMIN_ID"] = AdminId;
        Settings["AUTHACTORS_ADMIN_PASSWORD"] = AdminPassword;
    }

    /// <summary>The shared key directory, apart from the data directory.</summary>
    public string WebKeys => _webKeys.Path;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _webKeys.Dispose();
    }
}

/// <summary>
/// The web pages against the cluster, as a browser behind one address sees them (cookies are per host, not per
/// port): a form rendered by one gateway posts to the other, and the messages page's stream on one gateway talks
/// with a TCP session held by the other.
/// </summary>
public sealed class WebClusterTests(WebCluster cluster) : IClassFixture<WebCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_form_of_one_gateway_posts_to_the_other_and_the_messages_stream_talks_with_a_tcp_user_of_the_other()
    {
        var (a, b) = (cluster.Gateways[0].HttpAddress, cluster.Gateways[1].HttpAddress);
        using var http = WebForms.NewBrowser();
        var id = GatewayFixture.NewId("webc");
        const string password = "horse1battery";
        (await http.PostAsync(
            new Uri(a, "api/users"), new StringContent($"{{\"id\":\"{id}\",\"password\":\"{password}\"}}", Encoding.UTF8, "application/json"), Ct))
            .EnsureSuccessStatusCode();

        // The login form of gateway A, posted to gateway B: B reads A's antiforgery token with the shared keys.
        var login = await http.PostAsync(
            new Uri(b, "login"), WebForms.Form(await WebForms.TokenOfAsync(http, new Uri(a, "login")), ("id", id), ("password", password)), Ct);
        login.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        login.Headers.Location!.ToString().ShouldBe("/me");
        Directory.EnumerateFiles(cluster.WebKeys, "key-*.xml").ShouldNotBeEmpty();

        // The messages page's stream on A; a TCP user on B's session port.
        var tcpId = GatewayFixture.NewId("tcpc");
        await using var tcp = await SessionClients.SignUpAsync(cluster.SessionPort(1), tcpId);
        using var stream = await WebForms.OpenEventsAsync(http, a);
        (await WebForms.NextEventAsync(stream)).ShouldBe($"welcome {id}");
        await tcp.ExpectAsync($"{id} logged in");

        await tcp.SendLineAsync($"message {id} across the cluster");
        await tcp.ExpectAsync($"message delivered to {id}");
        (await WebForms.NextEventAsync(stream)).ShouldBe($"{tcpId}: across the cluster");

        // And back, the form of A's messages page posted to B.
        var send = new HttpRequestMessage(HttpMethod.Post, new Uri(b, "messages/send"))
        {
            Content = WebForms.Form(await WebForms.TokenOfAsync(http, new Uri(a, "messages")), ("to", tcpId), ("text", "and back")),
        };
        send.Headers.Accept.ParseAdd("text/plain");
        var sent = await http.SendAsync(send, Ct);
        (await sent.Content.ReadAsStringAsync(Ct)).ShouldBe($"message delivered to {tcpId}");
        await tcp.ExpectAsync($"{id}: and back");
    }
}
