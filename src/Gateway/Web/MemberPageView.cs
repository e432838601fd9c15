using AuthActors.Gateway.Http;
using AuthActors.Messages;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Web;

/// <summary>Renders the member page from the user's own answers: the profile and the live sessions.</summary>
internal sealed class MemberPageView(UserDirectory users, IOptions<ApiPolicyOptions> policy, IOptions<WebPageOptions> options)
{
    /// <summary>The users, for the forms that act on the account.</summary>
    public UserDirectory Users => users;

    /// <summary>The whole member page, with the notices of the form just posted.</summary>
    public async Task<IResult> MemberPageAsync(HttpContext context, FormGuard guard, AccessTokenClaims claims, MemberNotices notices, int status)
    {
        var profileReply = await users.AskAsync(new GetProfile(claims.Subject), context.RequestAborted);
        var sessionsReply = await users.AskAsync(new ListSessions(claims.Subject), context.RequestAborted);
        if (profileReply is not UserProfile profile || sessionsReply is not SessionList sessions)
        {
            return PageLayout.Page(context, guard, "Member page", claims, PageLayout.Notice("Your account could not be read; try again."), 503);
        }

        var cooldown = PageLayout.Duration(options.Value.WithdrawalCooldown);
        var field = guard.Field(context);
        return PageLayout.Page(context, guard, "Member page", claims, Html.Of($"""
            {PageLayout.Notice(notices.Top, status < 400 ? "info" : "error")}
            <section class="card" aria-labelledby="account-heading">
            <h2 id="account-heading">Your account</h2>
            <dl class="facts">
            <dt>Id</dt><dd id="profile-id">{profile.UserId}</dd>
            <dt>Display name</dt><dd>{profile.DisplayName ?? "—"}</dd>
            <dt>E-mail</dt><dd>{profile.Email ?? "—"}</dd>
            <dt>Created</dt><dd>{PageLayout.Time(profile.CreatedAt)}</dd>
            <dt>Last login</dt><dd id="last-login">{PageLayout.Time(profile.LastLoginAt)}{(profile.LastLoginFrom is { } from ? $" from {from}" : "")}</dd>
            <dt>Failed attempts since</dt><dd id="failed-attempts">{profile.FailedAttempts}</dd>
            <dt>Roles</dt><dd>{(profile.Roles.Count == 0 ? "member" : string.Join(", ", profile.Roles))}</dd>
            </dl>
            </section>
            <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">Active sessions</h2>
            <div class="scroll"><table id="sessions">
            <thead><tr><th scope="col">Client</th><th scope="col">Started</th><th scope="col">Last used</th><th scope="col">From</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
            <tbody>{Html.Join(sessions.Sessions.Select(s => SessionRow(s, claims.SessionId, field)))}</tbody>
            </table></div>
            </section>
            <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">Change password</h2>
            <p>Changing the password ends every session, this one included; you then log in with the new one.</p>
            <form method="post" action="/me/password" novalidate>
            {field}
            <label for="current_password">Current password</label>
            <input id="current_password" name="current_password" type="password" autocomplete="current-password" required aria-describedby="current_password-errors"{notices.Password.Invalid("current_password")}>
            {notices.Password.For("current_password")}
            <label for="new_password">New password</label>
            {AccountPages.PasswordRules(policy.Value.PasswordPolicy, "new-password-rules")}
            <input id="new_password" name="new_password" type="password" autocomplete="new-password" required aria-describedby="new-password-rules new_password-errors"{notices.Password.Invalid("new_password")}>
            {notices.Password.For("new_password")}
            <button type="submit">Change password</button>
            </form>
            </section>
            <section class="card danger" aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">Withdraw the account</h2>
            <p>Withdrawing ends every session and refuses every login. The id <strong>{profile.UserId}</strong> cannot be taken again by anyone for {cooldown}.</p>
            <form method="post" action="/me/withdraw" novalidate>
            {field}
            <label for="withdraw_password">Password</label>
            <input id="withdraw_password" name="password" type="password" autocomplete="current-password" required aria-describedby="withdraw_password-errors"{notices.Withdraw.Invalid("withdraw_password")}>
            {notices.Withdraw.For("withdraw_password")}
            <label class="check"><input type="checkbox" name="confirm" value="yes" required{notices.Withdraw.Invalid("confirm")}> I understand that my account is withdrawn and the id {profile.UserId} cannot be taken again for {cooldown}.</label>
            {notices.Withdraw.For("confirm")}
            <button type="submit" class="danger">Withdraw my account</button>
            </form>
            </section>
            """), status);
    }

    private static Html SessionRow(SessionInfo session, string currentSessionId, Html field)
    {
        var current = session.SessionId == currentSessionId;
        var label = current ? "End this session (logs you out here)" : "End this session";
        return Html.Of($"""
            <tr{Html.When(current, Html.Of($" class=\"current\""))}>
            <td>{session.Client.ToString().ToLowerInvariant()}{Html.When(current, Html.Of($" <em>(this browser)</em>"))}</td>
            <td>{PageLayout.Time(session.StartedAt)}</td><td>{PageLayout.Time(session.LastUsedAt)}</td><td>{session.From ?? "—"}</td>
            <td><form method="post" action="/me/sessions/{session.SessionId}/end">{field}<button type="submit">{label}</button></form></td>
            </tr>
            """);
    }
}

/// <summary>What the pages need to know of settings that belong to the users (section <c>users</c>).</summary>
internal sealed class WebPageOptions
{
    /// <summary>How long a withdrawn id stays taken; the withdraw confirmation names it.</summary>
    public TimeSpan WithdrawalCooldown { get; set; } = new AccountOptions().WithdrawalCooldown;
}
