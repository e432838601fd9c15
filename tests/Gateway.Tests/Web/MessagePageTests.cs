using System.Text.RegularExpressions;
using AuthActors.Gateway.Tests.Http;
using AuthActors.Gateway.Tests.Sessions;
using Microsoft.Playwright;

namespace AuthActors.Gateway.Tests.Web;

/// <summary>
/// <c>/messages</c> in a real browser: each open page is an online session of the same machinery as the session
/// port, so presence, messages and blocks go between browsers and between a browser and a TCP session client.
/// </summary>
public sealed class MessagePageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Two_browsers_see_each_other_come_online_message_each_other_live_and_a_block_stops_it()
    {
        var alice = await fixture.NewUserAsync("alice");
        var bob = await fixture.NewUserAsync("bob");
        var alicePage = await OpenMessagesAsync(alice);
        var bobPage = await OpenMessagesAsync(bob);

        // Bob coming online is pushed to Alice's open page; Bob's page lists Alice.
        await Assertions.Expect(alicePage.Locator($"#online li[data-user='{bob}']")).ToBeVisibleAsync();
        await Assertions.Expect(alicePage.Locator("#log")).ToContainTextAsync($"{bob} logged in");
        await Assertions.Expect(bobPage.Locator($"#online li[data-user='{alice}']")).ToBeVisibleAsync();

        await SendAsync(alicePage, bob, "hello <b>bob</b>");
        await Assertions.Expect(alicePage.Locator("#log")).ToContainTextAsync($"message delivered to {bob}");
        await Assertions.Expect(bobPage.Locator("#log li.message")).ToHaveTextAsync([$"{alice}: hello <b>bob</b>"]);
        (await bobPage.Locator("#log b").CountAsync()).ShouldBe(0, "message text must never become markup");

        // A block: Alice's next message is refused, and Bob's page never shows it (the answer comes after delivery).
        await bobPage.Locator("#block-user").FillAsync(alice);
        await bobPage.GetByRole(AriaRole.Button, new() { Name = "Block", Exact = true }).ClickAsync();
        await Assertions.Expect(bobPage.Locator("#log")).ToContainTextAsync($"{alice} is blocked");
        await SendAsync(alicePage, bob, "are you there?");
        await Assertions.Expect(alicePage.Locator("#log li.error")).ToContainTextAsync($"ERR 403 your message could not be delivered as {bob} has blocked you");
        await Assertions.Expect(bobPage.Locator("#log li.message")).ToHaveCountAsync(1);

        await bobPage.Locator("#block-user").FillAsync(alice);
        await bobPage.GetByRole(AriaRole.Button, new() { Name = "Unblock" }).ClickAsync();
        await Assertions.Expect(bobPage.Locator("#log")).ToContainTextAsync($"{alice} is unblocked");
        await SendAsync(alicePage, bob, "again");
        await Assertions.Expect(bobPage.Locator("#log li.message").Last).ToHaveTextAsync($"{alice}: again");

        await alicePage.Context.CloseAsync();
        await bobPage.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tcp_session_user_and_a_browser_user_message_each_other_and_the_inbox_arrives_when_the_page_opens()
    {
        var web = await fixture.NewUserAsync("web");
        var tcpId = Gateway.Tests.GatewayFixture.NewId("tcp");
        await using var tcp = await SessionClients.SignUpAsync(fixture.Gateway.SessionPort, tcpId);

        // The browser user is offline: the message waits in the inbox and is delivered when the page opens.
        (await tcp.AnswerAsync($"message {web} while you were away")).ShouldBe($"{web} is offline: the message will be delivered at their next login");
        var page = await OpenMessagesAsync(web);
        await Assertions.Expect(page.Locator("#log li.message")).ToHaveTextAsync(["you have 1 offline message", $"{tcpId}: while you were away"]);
        await Assertions.Expect(page.Locator($"#online li[data-user='{tcpId}']")).ToBeVisibleAsync();
        await tcp.ExpectAsync($"{web} logged in");
        // Others may be online on the class's shared gateway (a page of the test before may still be closing).
        var online = await tcp.AnswerAsync("whoelse");
        online.ShouldStartWith("online: ");
        online["online: ".Length..].Split(", ").ShouldContain(web);

        await tcp.SendLineAsync($"message {web} hi from nc");
        await tcp.ExpectAsync($"message delivered to {web}");
        await Assertions.Expect(page.Locator("#log li.message").Last).ToHaveTextAsync($"{tcpId}: hi from nc");

        await SendAsync(page, tcpId, "hi from the browser");
        await tcp.ExpectAsync($"{web}: hi from the browser");
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync($"message delivered to {tcpId}");

        await SessionClients.LogOutAsync(tcp, tcpId);
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync($"{tcpId} logged out");
        await Assertions.Expect(page.Locator($"#online li[data-user='{tcpId}']")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Logging_out_ends_the_event_stream_with_the_reason_and_the_user_goes_offline()
    {
        var leaving = await fixture.NewUserAsync("leaving");
        var watcher = await fixture.NewUserAsync("watcher");
        var page = await OpenMessagesAsync(leaving);
        var watching = await OpenMessagesAsync(watcher);
        await Assertions.Expect(watching.Locator($"#online li[data-user='{leaving}']")).ToBeVisibleAsync();

        // Log out in another tab of the same browser: the messages tab's stream ends and says why.
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync("/me");
        await other.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(other).ToHaveURLAsync(new Regex("/login\\?done=signed-out"));

        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-stream", "closed");
        await Assertions.Expect(page.Locator("#stream-status")).ToHaveTextAsync(new Regex("^your web session has ended"));
        await Assertions.Expect(watching.Locator("#log")).ToContainTextAsync($"{leaving} logged out");
        await Assertions.Expect(watching.Locator($"#online li[data-user='{leaving}']")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
        await watching.Context.CloseAsync();
    }

    [Fact]
    public async Task A_user_holds_at_most_four_streams_kept_alive_and_a_ban_ends_them_at_the_next_session_check()
    {
        var id = await fixture.NewUserAsync("streams");
        var gateway = fixture.Gateway.HttpAddress;
        using var browser = WebForms.NewBrowser();
        await WebForms.LogInAsync(browser, gateway, id, BrowserFixture.Password);
        var open = new List<StreamReader>();
        for (var i = 0; i < 4; i++)
        {
            open.Add(await WebForms.OpenEventsAsync(browser, gateway));
            (await WebForms.NextEventAsync(open[^1])).ShouldBe($"welcome {id}");
        }

        using (var fifth = await WebForms.OpenEventsAsync(browser, gateway))
        {
            (await WebForms.NextEventAsync(fifth)).ShouldBe("<<close>>you have 4 messages pages open already: close one and reload this one");
            (await WebForms.NextEventAsync(fifth)).ShouldBeNull();
        }

        // Quiet streams send keep-alive comments at every check, so that a proxy does not close them.
        (await WebForms.KeepAliveAsync(open[0])).ShouldBeTrue();

        // A ban through the API, not through this gateway's pages: each stream notices at its next check.
        using var http = fixture.Client();
        var admin = await HttpFixture.PostJsonAsync(http, "/api/token", new { id = HttpFixture.AdminId, password = HttpFixture.AdminPassword });
        var ban = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Post, $"/api/admin/users/{id}/ban", HttpFixture.Text(admin, "access_token"), new { reason = "spam" }), Ct);
        ban.EnsureSuccessStatusCode();
        foreach (var stream in open)
        {
            (await WebForms.NextEventAsync(stream)).ShouldBe("<<close>>your web session has ended (logged out, ended or banned): log in again");
            (await WebForms.NextEventAsync(stream)).ShouldBeNull();
            stream.Dispose();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_command_without_its_form_token_from_another_origin_or_too_long_is_refused()
    {
        var id = await fixture.NewUserAsync("refused");
        var gateway = fixture.Gateway.HttpAddress;
        using var browser = WebForms.NewBrowser();
        await WebForms.LogInAsync(browser, gateway, id, BrowserFixture.Password);
        var token = await WebForms.TokenOfAsync(browser, new Uri(gateway, "messages"));

        async Task<(int Status, string Answer)> SendAsync(FormUrlEncodedContent form, string? origin = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "messages/send")) { Content = form };
            request.Headers.Accept.ParseAdd("text/plain");
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            var response = await browser.SendAsync(request, Ct);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        }

        var withoutToken = new FormUrlEncodedContent([new("to", HttpFixture.AdminId), new("text", "hi")]);
        (await SendAsync(withoutToken)).ShouldBe((403, "ERR 403 this form was refused (another site, or no security token): reload the page"));
        (await SendAsync(WebForms.Form(token, ("to", HttpFixture.AdminId), ("text", "hi")), "http://evil.example")).Status.ShouldBe(403);
        (await SendAsync(WebForms.Form(token, ("to", "not an id"), ("text", "hi")))).Answer.ShouldStartWith("ERR 400 an id is");
        (await SendAsync(WebForms.Form(token, ("to", HttpFixture.AdminId), ("text", new string('é', 2100))))).Answer
            .ShouldBe("ERR 413 the message is too long (a command line is at most 4096 bytes)");
    }

    private async Task<IPage> OpenMessagesAsync(string id)
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.LogInAsync(page, id);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/me$"));
        await page.GotoAsync("/messages");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-stream", "open");
        await Assertions.Expect(page.Locator("#stream-status")).ToHaveTextAsync($"You are online as {id}.");
        return page;
    }

    private static async Task SendAsync(IPage page, string to, string text)
    {
        await page.Locator("#to").FillAsync(to);
        await page.Locator("#text").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
    }
}
