using AuthActors.Gateway.Http;
using AuthActors.Messages;
using AuthActors.Node.Passwords;
using AuthActors.Node.Users;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Web;

/// <summary>The pages for arriving and leaving: <c>/login</c>, <c>/signup</c> and the logout form.</summary>
internal static class AccountPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", async (HttpContext c, BrowserSession s) =>
            PageLayout.SeeOther((await s.SignInAsync(c)).IsSignedIn ? "/me" : "/login"));
        pages.MapGet("/login", LoginFormAsync);
        pages.MapPost("/login", LoginAsync);
        pages.MapGet("/signup", SignUpFormAsync);
        pages.MapPost("/signup", SignUpAsync);
        pages.MapPost("/logout", LogoutAsync);
    }

    private static async Task<IResult> LoginFormAsync(HttpContext context, BrowserSession session, FormGuard guard, string? done, string? id)
    {
        var signIn = await session.SignInAsync(context);
        if (signIn.IsSignedIn)
        {
            return PageLayout.SeeOther("/me");
        }

        var notice = (done ?? signIn.SignedOutBecause) switch
        {
            "signed-up" => PageLayout.Notice("Your account is ready: log in with your new password.", "info"),
            "signed-out" => PageLayout.Notice("You are logged out.", "info"),
            "password-changed" => PageLayout.Notice("Your password was changed and every session ended: log in with the new password.", "info"),
            "withdrawn" => PageLayout.Notice("You were signed out: this account has been withdrawn.", "info"),
            "banned" => PageLayout.Notice("You were signed out: this account has been banned by an administrator."),
            "ended" => PageLayout.Notice("Your session has ended (logged out elsewhere or ended from the member page): log in again."),
            "needed" => PageLayout.Notice("Log in to see that page.", "info"),
            _ => Html.Empty,
        };
        return LoginPage(context, guard, id, notice, 200);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, FormGuard guard, UserDirectory users, RateLimits limits, IOptions<HttpOptions> options)
    {
        if (await guard.ReadAsync(context) is not { } form)
        {
            return Refused(context, guard);
        }

        var id = form["id"].ToString();
        var password = form["password"].ToString();
        if (id.Length == 0 || password.Length == 0)
        {
            return LoginPage(context, guard, id, PageLayout.Notice("Enter your id and your password."), 400);
        }

        var mode = options.Value.LockoutMode;
        var device = BrowserCookies.DeviceToken(context);
        if (limits.TakePasswordAttempt(id, mode, device?.Value) is not null)
        {
            return LoginPage(context, guard, id, PageLayout.Notice("Too many attempts for this account: wait a minute and try again."), 429);
        }

        var reply = UserId.IsValid(id)
            ? await users.AskAsync(new IssueTokens(id, password, SessionClient.Web, ClientAddress.Of(context), mode, device), context.RequestAborted)
            : new Rejected(ErrorCode.BadCredentials, UserDecider.WrongCredentials);
        if (reply is TokensIssued issued)
        {
            BrowserCookies.Store(context, issued);
            return PageLayout.SeeOther("/me");
        }

        var (message, status) = reply switch
        {
            Rejected { Code: ErrorCode.Locked, RetryAfter: { } wait } => (
                $"Too many failed logins: this account is locked for {(int)Math.Ceiling(wait.TotalSeconds)} more seconds.", 423),
            Rejected { Code: ErrorCode.Forbidden } r when r.Message.Contains("banned", StringComparison.Ordinal) => (
                "This account has been banned by an administrator and cannot log in.", 403),
            Rejected { Code: ErrorCode.Forbidden } => ("This account has been withdrawn by its owner and cannot log in.", 403),
            Rejected { Code: ErrorCode.BadCredentials } => ("Wrong id or password.", 401),
            Rejected r => (r.Message, (int)r.Code),
            _ => ("The service gave an unexpected answer; try again.", 500),
        };
        return LoginPage(context, guard, id, PageLayout.Notice(message), status);
    }

    private static IResult LoginPage(HttpContext context, FormGuard guard, string? id, Html notice, int status) =>
        PageLayout.Page(context, guard, "Log in", null, Html.Of($"""
            {notice}
            <form class="card" method="post" action="/login">
            {guard.Field(context)}
            <label for="id">Id</label>
            <input id="id" name="id" autocomplete="username" required maxlength="{UserId.MaxLength}" value="{id}">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">Log in</button>
            </form>
            <p>No account yet? <a href="/signup">Sign up</a>.</p>
            """), status);

    private static async Task<IResult> SignUpFormAsync(HttpContext context, BrowserSession session, FormGuard guard, IOptions<ApiPolicyOptions> policy)
    {
        if ((await session.SignInAsync(context)).IsSignedIn)
        {
            return PageLayout.SeeOther("/me");
        }

        return SignUpPage(context, guard, policy.Value.PasswordPolicy, new SignUpForm("", "", ""), new FieldErrors(), null, 200);
    }

    private static async Task<IResult> SignUpAsync(HttpContext context, FormGuard guard, UserDirectory users, IOptions<ApiPolicyOptions> policy)
    {
        if (await guard.ReadAsync(context) is not { } form)
        {
            return Refused(context, guard);
        }

        var input = new SignUpForm(form["id"].ToString(), form["email"].ToString(), form["display_name"].ToString());
        var password = form["password"].ToString();
        var rules = policy.Value.PasswordPolicy;
        var errors = new FieldErrors();
        if (!UserId.IsValid(input.Id))
        {
            errors.Add("id", UserId.Rule);
        }

        foreach (var broken in PasswordPolicy.Check(rules, password))
        {
            errors.Add("password", broken);
        }

        foreach (var broken in ProfileRules.Check(NullIfEmpty(input.Email), NullIfEmpty(input.DisplayName)))
        {
            errors.Add(broken.StartsWith("email", StringComparison.Ordinal) ? "email" : "display_name", broken);
        }

        if (errors.Any)
        {
            return SignUpPage(context, guard, rules, input, errors, null, 400);
        }

        var reply = await users.AskAsync(
            new Register(input.Id, password, rules, NullIfEmpty(input.Email), NullIfEmpty(input.DisplayName)), context.RequestAborted);
        switch (reply)
        {
            case Registered registered:
                return PageLayout.SeeOther($"/login?done=signed-up&id={Uri.EscapeDataString(registered.UserId)}");
            case Rejected { Code: ErrorCode.Conflict } conflict:
                errors.Add("id", conflict.Message);
                return SignUpPage(context, guard, rules, input, errors, null, 409);
            case Rejected { Code: ErrorCode.InvalidInput } invalid:
                foreach (var reason in invalid.Reasons)
                {
                    errors.Add(reason.StartsWith("password", StringComparison.Ordinal) ? "password" : "id", reason);
                }

                return SignUpPage(context, guard, rules, input, errors, null, 400);
            case Rejected other:
                return SignUpPage(context, guard, rules, input, errors, other.Message, (int)other.Code);
            default:
                return SignUpPage(context, guard, rules, input, errors, "The service gave an unexpected answer; try again.", 500);
        }
    }

    private static IResult SignUpPage(
        HttpContext context, FormGuard guard, PasswordPolicyName rules, SignUpForm input, FieldErrors errors, string? failure, int status) =>
        PageLayout.Page(context, guard, "Sign up", null, Html.Of($"""
            {PageLayout.Notice(failure)}
            <form class="card" method="post" action="/signup" novalidate>
            {guard.Field(context)}
            <label for="id">Id</label>
            <p class="hint" id="id-rule">{UserId.Rule}</p>
            <input id="id" name="id" autocomplete="username" required maxlength="{UserId.MaxLength}" value="{input.Id}" aria-describedby="id-rule id-errors"{errors.Invalid("id")}>
            {errors.For("id")}
            <label for="password">Password</label>
            {PasswordRules(rules)}
            <input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-rules password-errors"{errors.Invalid("password")}>
            {errors.For("password")}
            <label for="email">E-mail (optional)</label>
            <input id="email" name="email" type="email" autocomplete="email" value="{input.Email}" aria-describedby="email-errors"{errors.Invalid("email")}>
            {errors.For("email")}
            <label for="display_name">Display name (optional)</label>
            <input id="display_name" name="display_name" autocomplete="nickname" value="{input.DisplayName}" aria-describedby="display_name-errors"{errors.Invalid("display_name")}>
            {errors.For("display_name")}
            <button type="submit">Create the account</button>
            </form>
            <p>Already have an account? <a href="/login">Log in</a>.</p>
            """), status);

    /// <summary>The active policy's rules, shown before the user types.</summary>
    public static Html PasswordRules(PasswordPolicyName rules, string id = "password-rules") => Html.Of($"""
        <ul class="hint rules" id="{id}" aria-label="Password rules">{Html.Join(PasswordPolicy.Describe(rules).Select(r => Html.Of($"<li>{r}</li>")))}</ul>
        """);

    private static async Task<IResult> LogoutAsync(HttpContext context, FormGuard guard, UserDirectory users, MessageStreams streams)
    {
        if (await guard.ReadAsync(context) is null)
        {
            return Refused(context, guard);
        }

        // Logging out ends the whole refresh family: the session is over on every device that shared it.
        var refresh = BrowserCookies.Read(context, BrowserCookies.Refresh);
        if (RefreshTokenFormat.TryRead(refresh, out var userId, out var sessionId)
            && await users.AskAsync(new RevokeRefreshToken(userId, refresh!, RevokeScope.Family), context.RequestAborted) is Revoked { SessionsEnded: > 0 })
        {
            // This browser's messages pages on this gateway close now; elsewhere at their next session check.
            streams.EndWebSession(userId, sessionId);
        }

        BrowserCookies.Clear(context);
        return PageLayout.SeeOther("/login?done=signed-out");
    }

    /// <summary>The 403 page for a form without a valid antiforgery token or from another origin.</summary>
    public static IResult Refused(HttpContext context, FormGuard guard) =>
        PageLayout.Page(context, guard, "Request refused", null, PageLayout.Notice(
            "This form was refused: it came from another site or without its security token. Go back, reload the page and try again."), 403);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private sealed record SignUpForm(string Id, string Email, string DisplayName);
}
