using System.Net.Http.Json;
using AuthActors.Gateway.Tests.Http;

namespace AuthActors.Gateway.Tests.Web;

/// <summary>The messages page's commands refuse what the session port refuses: terminal escapes and bidi overrides.</summary>
public sealed class MessageTextTests(HttpFixture fixture) : IClassFixture<HttpFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("\u001b[2K\u001b[1Gcarol: hi")]
    [InlineData("\u202egnp.exe")]
    [InlineData("csi\u009b2K")]
    public async Task A_message_posted_with_control_or_bidi_characters_is_refused(string text)
    {
        var (sender, recipient) = (GatewayFixture.NewId("sender"), GatewayFixture.NewId("recipient"));
        using var http = fixture.Client();
        foreach (var id in new[] { sender, recipient })
        {
            (await http.PostAsJsonAsync("/api/users", new { id, password = "correct horse battery" }, Ct)).EnsureSuccessStatusCode();
        }

        using var browser = WebForms.NewBrowser();
        var gateway = fixture.Gateway.HttpAddress;
        await WebForms.LogInAsync(browser, gateway, sender, "correct horse battery");
        var token = await WebForms.TokenOfAsync(browser, new Uri(gateway, "messages"));

        foreach (var (path, fields) in new[]
        {
            ("messages/send", new[] { ("to", recipient), ("text", text) }),
            ("messages/broadcast", new[] { ("text", text) }),
        })
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, path)) { Content = WebForms.Form(token, fields) };
            post.Headers.Accept.ParseAdd("text/plain");
            using var answer = await browser.SendAsync(post, Ct);
            (await answer.Content.ReadAsStringAsync(Ct)).ShouldStartWith("ERR 400 control characters and bidirectional overrides are not allowed");
        }
    }
}
