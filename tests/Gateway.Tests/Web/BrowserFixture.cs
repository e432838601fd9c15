using AuthActors.Gateway.Tests.Http;
using Microsoft.Playwright;

namespace AuthActors.Gateway.Tests.Web;

/// <summary>
/// A real gateway process and one headless Debian Chromium shared by a test class; each test opens its own browser
/// context (its own cookies) and its own users. Lock-outs are short and the TCP dialog's password rules apply, so
/// a weak password breaks several rules at once.
/// </summary>
public class BrowserFixture : HttpFixture
{
    /// <summary>The password of the users the tests make.</summary>
    public const string Password = "horse1battery";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        // Long enough that a loaded machine still answers the right password inside the lock-out (3 s was not).
        ["AUTHACTORS_USERS__LOCKOUT__BLOCK_DURATION"] = "10s",
        ["AUTHACTORS_GATEWAY__HTTP__PASSWORD_POLICY"] = "classic",
        ["AUTHACTORS_GATEWAY__HTTP__MESSAGE_SESSION_CHECK"] = "1s",
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        (_playwright, Browser) = await DebianChromium.LaunchAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A fresh browser context (no cookies) on the gateway, at a desktop or phone width.</summary>
    public Task<IPage> NewPageAsync(int width = 1280, int height = 800) => DebianChromium.NewPageAsync(Browser, Gateway.HttpAddress, width, height);

    /// <summary>Signs up through the API (fast) and returns the new id.</summary>
    public async Task<string> NewUserAsync(string name, string password = Password)
    {
        using var http = Client();
        var id = NewId(name);
        var response = await http.PostAsync(
            "/api/users",
            new StringContent($"{{\"id\":\"{id}\",\"password\":\"{password}\"}}", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Logs in through the login form.</summary>
    public static async Task LogInAsync(IPage page, string id, string password = Password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Id").FillAsync(id);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }
}
