using System.Net;
using System.Text.RegularExpressions;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Web;

/// <summary>
/// The web pages as a browser without script uses them, for tests that need no rendering: cookies kept per host,
/// forms posted with their antiforgery token, and the messages page's event stream read event by event.
/// </summary>
internal static partial class WebForms
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A client that keeps cookies (per host, as a browser does) and does not follow redirects.</summary>
    public static HttpClient NewBrowser() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }, disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Logs in through the login form of <paramref name="gateway"/>.</summary>
    public static async Task LogInAsync(HttpClient browser, Uri gateway, string id, string password)
    {
        var login = await browser.PostAsync(new Uri(gateway, "login"), Form(await TokenOfAsync(browser, new Uri(gateway, "login")), ("id", id), ("password", password)), Ct);
        login.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        login.Headers.Location!.ToString().ShouldBe("/me");
    }

    /// <summary>The antiforgery token in the forms of <paramref name="page"/> (and its cookie, kept by the client).</summary>
    public static async Task<string> TokenOfAsync(HttpClient browser, Uri page)
    {
        var html = await browser.GetStringAsync(page, Ct);
        return TokenField().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"no form token in {page}");
    }

    /// <summary>A form body with the antiforgery token.</summary>
    public static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    /// <summary>Opens the messages page's event stream.</summary>
    public static async Task<StreamReader> OpenEventsAsync(HttpClient browser, Uri gateway)
    {
        var events = await browser.GetAsync(new Uri(gateway, "messages/events"), HttpCompletionOption.ResponseHeadersRead, Ct);
        events.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        return new StreamReader(await events.Content.ReadAsStreamAsync(Ct));
    }

    /// <summary>The data of the next server-sent event, or null when the stream ended.</summary>
    public static async Task<string?> NextEventAsync(StreamReader stream)
    {
        while (await stream.ReadLineAsync(Ct).AsTask().WaitAsync(Eventually.DefaultDeadline, Ct) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        return null;
    }

    /// <summary>Reads until the stream's next keep-alive comment (a line <c>:</c>); false when the stream ended first.</summary>
    public static async Task<bool> KeepAliveAsync(StreamReader stream)
    {
        while (await stream.ReadLineAsync(Ct).AsTask().WaitAsync(Eventually.DefaultDeadline, Ct) is { } line)
        {
            if (line == ":")
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
