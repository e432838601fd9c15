using System.Text.RegularExpressions;
using AuthActors.Gateway.Tests.Http;
using AuthActors.TestKit;
using Microsoft.Playwright;

namespace AuthActors.Gateway.Tests.Web;

/// <summary>The web pages in a real browser against the real gateway process; every test on its own users.</summary>
public sealed partial class WebPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ILocator Alert(IPage page) => page.GetByRole(AriaRole.Alert);

    [Fact]
    public async Task Sign_up_shows_each_broken_rule_then_login_member_page_password_change_and_logout_work()
    {
        var page = await fixture.NewPageAsync();
        var id = GatewayFixture.NewId("webuser");
        await page.GotoAsync("/signup");
        // The active policy's rules are on the page before anything is typed.
        await Assertions.Expect(page.Locator("#password-rules")).ToContainTextAsync("at least one digit");

        await page.GetByLabel("Id").FillAsync(id);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("a b");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        var errors = page.Locator("#password-errors li");
        await Assertions.Expect(errors).ToHaveTextAsync(
            ["password must not contain whitespace", "password must contain at least one digit", "password must be longer than 4 characters"]);
        await Assertions.Expect(page.GetByLabel("Id")).ToHaveValueAsync(id);

        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("first1pass");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?done=signed-up"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your account is ready");

        await BrowserFixture.LogInAsync(page, id, "first1pass");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/me$"));
        await Assertions.Expect(page.Locator("#profile-id")).ToHaveTextAsync(id);
        await Assertions.Expect(page.Locator("#last-login")).ToContainTextAsync("from 127.0.0.1");
        await Assertions.Expect(page.Locator("#sessions tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#sessions")).ToContainTextAsync("(this browser)");

        // A new password that breaks the rules is refused rule by rule; a good one ends the session.
        await page.GetByLabel("Current password").FillAsync("first1pass");
        await page.GetByLabel("New password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new_password-errors li")).ToHaveTextAsync(["password must contain at least one digit"]);
        await page.GetByLabel("Current password").FillAsync("first1pass");
        await page.GetByLabel("New password").FillAsync("second2pass");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?done=password-changed"));

        await BrowserFixture.LogInAsync(page, id, "first1pass");
        await Assertions.Expect(Alert(page)).ToHaveTextAsync("Wrong id or password.");
        await BrowserFixture.LogInAsync(page, id, "second2pass");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/me$"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?done=signed-out"));
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name.StartsWith("authactors_access", StringComparison.Ordinal));
        await page.GotoAsync("/me");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?done=needed"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Three_wrong_passwords_show_the_lock_out_with_the_seconds_left_and_login_works_after_it()
    {
        var id = await fixture.NewUserAsync("locked");
        var page = await fixture.NewPageAsync();
        await BrowserFixture.LogInAsync(page, id, "wrong1pass");
        await Assertions.Expect(Alert(page)).ToHaveTextAsync("Wrong id or password.");
        await BrowserFixture.LogInAsync(page, id, "wrong2pass");
        await Assertions.Expect(Alert(page)).ToHaveTextAsync("Wrong id or password.");
        await BrowserFixture.LogInAsync(page, id, "wrong3pass");
        await Assertions.Expect(Alert(page)).ToHaveTextAsync(new Regex("^Too many failed logins: this account is locked for ([1-9]|10) more seconds\\.$"));

        // The right password during the lock-out is refused with the time left; once it ends, it works.
        await BrowserFixture.LogInAsync(page, id);
        await Assertions.Expect(Alert(page)).ToContainTextAsync("more seconds");
        await Eventually.ConditionAsync(
            async () =>
            {
                await BrowserFixture.LogInAsync(page, id);
                return page.Url.EndsWith("/me", StringComparison.Ordinal);
            },
            "login succeeds once the 10 s lock-out is over",
            TimeSpan.FromSeconds(30));
        await Assertions.Expect(page.Locator("#profile-id")).ToHaveTextAsync(id);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_ban_signs_the_users_open_page_out_with_the_banned_message_and_unban_lets_them_back()
    {
        var id = await fixture.NewUserAsync("banned");
        var user = await fixture.NewPageAsync();
        await BrowserFixture.LogInAsync(user, id);
        await Assertions.Expect(user.Locator("#profile-id")).ToHaveTextAsync(id);

        var admin = await fixture.NewPageAsync();
        await BrowserFixture.LogInAsync(admin, HttpFixture.AdminId, HttpFixture.AdminPassword);
        await admin.GotoAsync($"/admin?status=active&prefix={id}");
        await Assertions.Expect(admin.Locator("#users tbody tr")).ToHaveCountAsync(1);
        await admin.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await admin.GetByLabel("Reason for the ban").FillAsync("spam");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ban" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#user-status")).ToHaveTextAsync("banned");
        await Assertions.Expect(admin.Locator("#history")).ToContainTextAsync("banned: spam");
        await Assertions.Expect(admin.Locator("#history")).ToContainTextAsync("web session started from 127.0.0.1");

        await user.ReloadAsync();
        await Assertions.Expect(user).ToHaveURLAsync(new Regex("/login"));
        await Assertions.Expect(Alert(user)).ToHaveTextAsync("You were signed out: this account has been banned by an administrator.");
        await BrowserFixture.LogInAsync(user, id);
        await Assertions.Expect(Alert(user)).ToHaveTextAsync("This account has been banned by an administrator and cannot log in.");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Unban" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#user-status")).ToHaveTextAsync("active");
        await admin.GotoAsync("/admin?status=banned&prefix=" + id);
        await Assertions.Expect(admin.Locator("#users tbody tr")).ToHaveCountAsync(0);
        await BrowserFixture.LogInAsync(user, id);
        await Assertions.Expect(user.Locator("#profile-id")).ToHaveTextAsync(id);
        await user.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task A_member_gets_the_403_page_on_admin_and_403_from_the_admin_api()
    {
        var id = await fixture.NewUserAsync("member");
        var page = await fixture.NewPageAsync();
        await BrowserFixture.LogInAsync(page, id);
        var response = await page.GotoAsync("/admin");
        response!.Status.ShouldBe(403);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Forbidden");
        (await page.GotoAsync($"/admin/users/{HttpFixture.AdminId}"))!.Status.ShouldBe(403);

        using var http = fixture.Client();
        var tokens = await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = BrowserFixture.Password });
        var api = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/admin/users", HttpFixture.Text(tokens, "access_token")), Ct);
        await HttpFixture.ProblemAsync(api, 403);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_form_without_the_antiforgery_token_or_from_another_origin_is_refused_and_cookies_are_HttpOnly_SameSite_Strict()
    {
        var id = await fixture.NewUserAsync("csrf");
        var page = await fixture.NewPageAsync();
        await BrowserFixture.LogInAsync(page, id);
        await Assertions.Expect(page.Locator("#profile-id")).ToHaveTextAsync(id);

        var cookies = await page.Context.CookiesAsync();
        foreach (var name in new[] { "authactors_access", "authactors_refresh", "authactors_antiforgery" })
        {
            var cookie = cookies.Where(c => c.Name == name).ShouldHaveSingleItem(name);
            cookie.HttpOnly.ShouldBeTrue(name);
            cookie.SameSite.ShouldBe(SameSiteAttribute.Strict, name);
        }

        // The browser context's request API sends the page's cookies, as a forged cross-site form would try to.
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var withoutToken = await page.APIRequest.PostAsync("/me/withdraw", new()
        {
            Form = FormOf(page, ("password", BrowserFixture.Password), ("confirm", "yes")),
            MaxRedirects = 0,
        });
        withoutToken.Status.ShouldBe(403);
        var otherOrigin = await page.APIRequest.PostAsync("/me/withdraw", new()
        {
            Form = FormOf(page, ("password", BrowserFixture.Password), ("confirm", "yes"), ("__RequestVerificationToken", token!)),
            Headers = new Dictionary<string, string> { ["Origin"] = "http://attacker.example" },
            MaxRedirects = 0,
        });
        otherOrigin.Status.ShouldBe(403);
        (await otherOrigin.TextAsync()).ShouldContain("This form was refused");

        // Neither did anything: the account is still active and signed in.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#profile-id")).ToHaveTextAsync(id);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_expired_access_cookie_is_replaced_silently_through_the_refresh_rotation()
    {
        var id = await fixture.NewUserAsync("refresh");
        var page = await fixture.NewPageAsync();
        await BrowserFixture.LogInAsync(page, id);
        await Assertions.Expect(page.Locator("#profile-id")).ToHaveTextAsync(id);
        var before = (await page.Context.CookiesAsync()).Single(c => c.Name == "authactors_refresh").Value;

        // The access cookie lives exactly as long as its token: a browser drops it when the token expires.
        await page.Context.ClearCookiesAsync(new() { Name = "authactors_access" });
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#profile-id")).ToHaveTextAsync(id);
        var cookies = await page.Context.CookiesAsync();
        cookies.ShouldContain(c => c.Name == "authactors_access");
        cookies.Single(c => c.Name == "authactors_refresh").Value.ShouldNotBe(before, "the refresh token rotates");
        await Assertions.Expect(page.Locator("#sessions tbody tr")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Login_works_with_the_keyboard_alone()
    {
        var id = await fixture.NewUserAsync("keyboard");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/login");
        // Tab through the page's links to the id field, as a keyboard user does: nothing traps the focus on the way.
        for (var presses = 0; await page.EvaluateAsync<string>("document.activeElement.id") != "id"; presses++)
        {
            presses.ShouldBeLessThan(10, "the id field is reachable with Tab");
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.TypeAsync(id);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(BrowserFixture.Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#profile-id")).ToHaveTextAsync(id);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Pages_carry_the_content_security_policy_and_security_headers()
    {
        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync("/login");
        var headers = await response!.AllHeadersAsync();
        headers["content-security-policy"].ShouldContain("frame-ancestors 'none'");
        headers["content-security-policy"].ShouldNotContain("unsafe-inline");
        headers["x-content-type-options"].ShouldBe("nosniff");
        headers["referrer-policy"].ShouldBe("same-origin");
        await page.Context.CloseAsync();
    }

    private static IFormData FormOf(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
