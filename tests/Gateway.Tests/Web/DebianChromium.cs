using Microsoft.Playwright;

namespace AuthActors.Gateway.Tests.Web;

/// <summary>Debian's Chromium driven by Playwright: never a downloaded browser.</summary>
internal static class DebianChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>Launches it headless; without the package, fails with what to install.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {Path}: install it with `apt-get install chromium` (scripts/test does).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>A fresh context (no cookies) on <paramref name="baseAddress"/>.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseAddress, int width = 1280, int height = 800)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }
}
