using System.Text.RegularExpressions;
using AuthActors.Gateway.Tests.Http;
using AuthActors.Gateway.Tests.Sessions;
using AuthActors.TestKit;
using Microsoft.Playwright;

namespace AuthActors.Gateway.Tests.Web;

/// <summary>
/// Every page at a desktop and a phone width: nothing may be wider than the screen. With
/// <c>AUTHACTORS_WRITE_SCREENSHOTS=1</c> the pictures go to <c>docs/screenshots/</c> (the README shows them);
/// otherwise to a temporary directory, so an ordinary test run leaves the checkout clean.
/// </summary>
public sealed class ScreenshotTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Every_page_fits_a_desktop_and_a_360_px_phone_and_is_photographed()
    {
        var write = Environment.GetEnvironmentVariable("AUTHACTORS_WRITE_SCREENSHOTS") == "1";
        using var scratch = write ? null : new TemporaryDirectory();
        var directory = scratch?.Path ?? Path.Combine(RepositoryLayout.Root, "docs", "screenshots");
        Directory.CreateDirectory(directory);
        var member = await fixture.NewUserAsync("alice");
        var tcpId = GatewayFixture.NewId("bob");
        await using var tcp = await SessionClients.SignUpAsync(fixture.Gateway.SessionPort, tcpId);

        foreach (var (width, height, size) in new[] { (1280, 800, "desktop"), (360, 740, "phone") })
        {
            var visitor = await fixture.NewPageAsync(width, height);
            await visitor.GotoAsync("/login");
            await ShootAsync(visitor, directory, "login", size, width);
            await visitor.GotoAsync("/signup");
            await visitor.GetByLabel("Id").FillAsync("new-user");
            await visitor.GetByLabel("Password", new() { Exact = true }).FillAsync("a b");
            await visitor.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
            await Assertions.Expect(visitor.Locator("#password-errors li")).ToHaveCountAsync(3);
            await ShootAsync(visitor, directory, "signup-rules", size, width);
            await visitor.Context.CloseAsync();

            var user = await fixture.NewPageAsync(width, height);
            await BrowserFixture.LogInAsync(user, member);
            await Assertions.Expect(user).ToHaveURLAsync(new Regex("/me$"));
            await ShootAsync(user, directory, "member", size, width);
            await user.GotoAsync("/admin");
            await ShootAsync(user, directory, "forbidden", size, width);
            await ShowMessagesAsync(user, member, tcp, tcpId);
            await ShootAsync(user, directory, "messages", size, width);
            await user.Context.CloseAsync();

            var admin = await fixture.NewPageAsync(width, height);
            await BrowserFixture.LogInAsync(admin, HttpFixture.AdminId, HttpFixture.AdminPassword);
            await admin.GotoAsync("/admin");
            await Assertions.Expect(admin.Locator("#users tbody tr").First).ToBeVisibleAsync();
            await ShootAsync(admin, directory, "admin-users", size, width);
            await admin.GotoAsync($"/admin/users/{member}");
            await ShootAsync(admin, directory, "admin-user", size, width);
            await admin.Context.CloseAsync();
        }
    }

    // The messages page live: a user on the session port says hello, the member answers.
    private static async Task ShowMessagesAsync(IPage page, string member, LineClient tcp, string tcpId)
    {
        await page.GotoAsync("/messages");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-stream", "open");
        await tcp.ExpectAsync($"{member} logged in");
        await tcp.SendLineAsync($"message {member} Hello from the session port!");
        await tcp.ExpectAsync($"message delivered to {member}");
        await Assertions.Expect(page.Locator("#log li.message")).ToHaveTextAsync([$"{tcpId}: Hello from the session port!"]);
        await page.Locator("#to").FillAsync(tcpId);
        await page.Locator("#text").FillAsync("Hi! I am on the web page.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(page.Locator("#log li.answer")).ToHaveTextAsync([$"message delivered to {tcpId}"]);
        await tcp.ExpectAsync($"{member}: Hi! I am on the web page.");
    }

    private static async Task ShootAsync(IPage page, string directory, string name, string size, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var widest = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id).join(' ')");
        scrollWidth.ShouldBeLessThanOrEqualTo(width, $"{name} is wider than the {size} screen: {widest}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{name}-{size}.png"), FullPage = true });
    }
}
