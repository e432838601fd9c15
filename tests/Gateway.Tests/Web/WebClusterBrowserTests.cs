using System.Text;
using System.Text.RegularExpressions;
using AuthActors.Gateway.Tests.Sessions;
using Microsoft.Playwright;

namespace AuthActors.Gateway.Tests.Web;

/// <summary>
/// The pages in a real browser against the cluster (two nodes, two gateways sharing their antiforgery keys): the
/// member page and live messages on one gateway, the admin on the other, whichever node owns each user.
/// </summary>
public sealed class WebClusterBrowserTests(WebCluster cluster) : IClassFixture<WebCluster>, IAsyncLifetime
{
    private const string Password = "horse1battery";
    private IPlaywright? _playwright;
    private IBrowser _browser = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => (_playwright, _browser) = await DebianChromium.LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    [Fact]
    public async Task Member_page_and_live_messages_on_one_gateway_and_the_admin_on_the_other()
    {
        var (a, b) = (cluster.Gateways[0].HttpAddress, cluster.Gateways[1].HttpAddress);
        var id = GatewayFixture.NewId("webb");
        using (var http = new HttpClient { BaseAddress = b })
        {
            (await http.PostAsync("/api/users", new StringContent($"{{\"id\":\"{id}\",\"password\":\"{Password}\"}}", Encoding.UTF8, "application/json"), Ct))
                .EnsureSuccessStatusCode();
        }

        // Member page and messages through gateway A.
        var user = await DebianChromium.NewPageAsync(_browser, a);
        await BrowserFixture.LogInAsync(user, id, Password);
        await Assertions.Expect(user.Locator("#profile-id")).ToHaveTextAsync(id);
        await user.GotoAsync("/messages");
        await Assertions.Expect(user.Locator("#stream-status")).ToHaveTextAsync($"You are online as {id}.");

        // A TCP user on gateway B's session port and the browser on A talk both ways.
        var tcpId = GatewayFixture.NewId("webt");
        await using var tcp = await SessionClients.SignUpAsync(cluster.SessionPort(1), tcpId);
        await Assertions.Expect(user.Locator($"#online li[data-user='{tcpId}']")).ToBeVisibleAsync();
        await tcp.SendLineAsync($"message {id} from gateway b");
        await tcp.ExpectAsync($"message delivered to {id}");
        await Assertions.Expect(user.Locator("#log li.message").Last).ToHaveTextAsync($"{tcpId}: from gateway b");
        await user.Locator("#to").FillAsync(tcpId);
        await user.Locator("#text").FillAsync("from gateway a");
        await user.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await tcp.ExpectAsync($"{id}: from gateway a");

        // The admin, through gateway B, finds the user in the list and bans them: the page on A signs them out.
        var admin = await DebianChromium.NewPageAsync(_browser, b);
        await BrowserFixture.LogInAsync(admin, WebCluster.AdminId, WebCluster.AdminPassword);
        await admin.GotoAsync($"/admin?prefix={id}");
        await Assertions.Expect(admin.Locator("#users tbody tr")).ToHaveCountAsync(1);
        await admin.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await Assertions.Expect(admin.Locator("#history")).ToContainTextAsync("web session started");
        await admin.GetByLabel("Reason for the ban").FillAsync("spam");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ban" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#user-status")).ToHaveTextAsync("banned");

        await user.GotoAsync("/me");
        await Assertions.Expect(user).ToHaveURLAsync(new Regex("/login"));
        await Assertions.Expect(user.GetByRole(AriaRole.Alert)).ToHaveTextAsync("You were signed out: this account has been banned by an administrator.");
        await user.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }
}
