using System.Net;
using System.Net.Http.Json;
using AuthActors.Gateway.Tests.Http;
using AuthActors.Gateway.Tests.Web;
using AuthActors.Node.Users;
using AuthActors.TestKit;
using Microsoft.Playwright;

namespace AuthActors.Gateway.Tests.Lockout;

/// <summary>
/// No budget locks before the ceiling here (a thousand failures each), so a hundred failures come quickly; the
/// per-account attempt limit is off. A browser for the web form.
/// </summary>
public sealed class CeilingFixture : BrowserFixture
{
    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_USERS__LOCKOUT__MAX_FAILURES"] = "1000",
        ["AUTHACTORS_USERS__LOCKOUT__DEVICE_MAX_FAILURES"] = "1000",
        ["AUTHACTORS_GATEWAY__HTTP__PASSWORD_ATTEMPTS_PER_MINUTE_PER_ACCOUNT"] = "0",
        ["AUTHACTORS_GATEWAY__HTTP__REQUESTS_PER_SECOND_PER_ADDRESS"] = "0",
    };
}

public sealed class CeilingTests(CeilingFixture fixture) : IClassFixture<CeilingFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_hundred_failures_every_way_in_refuses_the_right_password_until_a_trusted_device_logs_in()
    {
        using var http = fixture.Client();
        var id = await fixture.NewUserAsync("ceiling");
        var device = HttpFixture.Text(await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = BrowserFixture.Password }), "device_token");

        // A hundred failures over every way in: the HTTP API (untrusted), the TCP dialog and its command mode.
        for (var i = 0; i < 98; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/api/token", new { id, password = $"wrong{i}pass" }, Ct);
            wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        await using (var dialog = await LineClient.ConnectAsync(fixture.Gateway.Port))
        {
            (await dialog.ReadLineAsync()).ShouldBe("enter your id");
            (await dialog.AskAsync(id)).ShouldBe("existing user. enter your password");
            (await dialog.AskAsync("wrong99pass")).ShouldBe("wrong password, try again");
            (await dialog.AskAsync("wrong100pass")).ShouldBe($"<<close>>{UserDecider.CeilingReached}");
        }

        // Every way in now refuses the right password.
        await using (var dialog = await LineClient.ConnectAsync(fixture.Gateway.Port))
        {
            await dialog.ReadLineAsync();
            await dialog.AskAsync(id);
            (await dialog.AskAsync(BrowserFixture.Password)).ShouldBe($"<<close>>{UserDecider.CeilingReached}");
        }

        await using (var command = await LineClient.ConnectAsync(fixture.Gateway.Port))
        {
            await command.ReadLineAsync();
            (await command.AskAsync($"LOGIN {id} {BrowserFixture.Password}")).ShouldBe($"ERR 423 {UserDecider.CeilingReached}");
        }

        using (var api = await http.PostAsJsonAsync("/api/token", new { id, password = BrowserFixture.Password }, Ct))
        {
            (await HttpFixture.ProblemAsync(api, 423))["detail"]!.GetValue<string>().ShouldBe(UserDecider.CeilingReached);
        }

        var page = await fixture.NewPageAsync();
        await BrowserFixture.LogInAsync(page, id);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(UserDecider.CeilingReached);
        await page.Context.CloseAsync();

        // The owner's trusted device gets in, and that lifts the ceiling for every way in.
        await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = BrowserFixture.Password, device_token = device });
        await using var after = await LineClient.ConnectAsync(fixture.Gateway.Port);
        await after.ReadLineAsync();
        (await after.AskAsync($"LOGIN {id} {BrowserFixture.Password}")).ShouldBe("OK logged in");
    }
}
