using AuthActors.Messages;
using AuthActors.Node.Projections;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Web;

/// <summary><c>/admin</c>, for the <c>admin</c> role: the user list from the projection, and one user's page with its actions.</summary>
internal static class AdminPages
{
    private const int PageSize = 20;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/admin", ListAsync);
        pages.MapGet("/admin/users/{id}", UserAsync);
        pages.MapPost("/admin/users/{id}/{action}", ActAsync);
    }

    private static async Task<(AccessTokenClaims? Claims, IResult? Answer)> RequireAdminAsync(HttpContext context, BrowserSession session, FormGuard guard)
    {
        var (claims, redirect) = await session.RequireAsync(context);
        if (claims is null)
        {
            return (null, redirect);
        }

        return claims.Roles.Contains(AccountDecider.AdminRole, StringComparer.Ordinal)
            ? (claims, null)
            : (null, PageLayout.Page(context, guard, "Forbidden", claims, PageLayout.Notice("This page is for administrators only."), 403));
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, BrowserSession session, FormGuard guard, UserListProjection projection, string? status, string? prefix, int? page)
    {
        var (claims, answer) = await RequireAdminAsync(context, session, guard);
        if (claims is null)
        {
            return answer!;
        }

        if (!Enum.TryParse<UserListFilter>(status ?? "all", ignoreCase: true, out var filter) || int.TryParse(status, out _))
        {
            filter = UserListFilter.All;
        }

        prefix = string.IsNullOrEmpty(prefix) ? null : prefix[..Math.Min(prefix.Length, UserId.MaxLength)];
        var number = Math.Max(1, page ?? 1);
        var result = await projection.QueryAsync(filter, prefix, number, PageSize, context.RequestAborted);
        var pages = Math.Max(1, (result.Total + PageSize - 1) / PageSize);
        var filterName = filter.ToString().ToLowerInvariant();
        var rows = Html.Join(result.Users.Select(u => Html.Of($"""
            <tr><td><a href="/admin/users/{Uri.EscapeDataString(u.UserId)}">{u.UserId}</a></td><td>{StatusOf(u, session.Now)}</td><td>{PageLayout.Time(u.CreatedAt)}</td><td>{PageLayout.Time(u.LastLoginAt)}</td></tr>
            """)));
        string Link(int to) => $"/admin?status={filterName}&prefix={Uri.EscapeDataString(prefix ?? "")}&page={to}";
        var options = Html.Join(Enum.GetValues<UserListFilter>().Select(f => Html.Of(
            $"<option value=\"{f.ToString().ToLowerInvariant()}\"{Html.When(f == filter, Html.Of($" selected"))}>{f.ToString().ToLowerInvariant()}</option>")));
        return PageLayout.Page(context, guard, "Users", claims, Html.Of($"""
            <form class="card filters" method="get" action="/admin" role="search">
            <label for="status">Status</label>
            <select id="status" name="status">{options}</select>
            <label for="prefix">Id starts with</label>
            <input id="prefix" name="prefix" value="{prefix}" maxlength="{UserId.MaxLength}">
            <button type="submit">Show</button>
            </form>
            <p id="user-count">{result.Total} users match; page {number} of {pages}.</p>
            <div class="scroll"><table id="users">
            <thead><tr><th scope="col">Id</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col">Last login</th></tr></thead>
            <tbody>{rows}</tbody>
            </table></div>
            <nav class="pager" aria-label="Pages">
            {Html.When(number > 1, Html.Of($"<a href=\"{Link(number - 1)}\" rel=\"prev\">Previous page</a>"))}
            {Html.When(number < pages, Html.Of($"<a href=\"{Link(number + 1)}\" rel=\"next\">Next page</a>"))}
            </nav>
            """));
    }

    private static string StatusOf(UserSummary user, DateTimeOffset now) =>
        user.Status == AccountStatus.Active && user.IsLockedAt(now) ? "locked" : user.Status.ToString().ToLowerInvariant();

    private static async Task<IResult> UserAsync(
        HttpContext context, string id, BrowserSession session, FormGuard guard, UserDirectory users, UserHistory history, string? done)
    {
        var (claims, answer) = await RequireAdminAsync(context, session, guard);
        if (claims is null)
        {
            return answer!;
        }

        var reply = UserId.IsValid(id) ? await users.AskAsync(new GetProfile(id), context.RequestAborted) : null;
        if (reply is not UserProfile profile)
        {
            return PageLayout.Page(context, guard, "No such user", claims, Html.Of($"<p>There is no user {id}. <a href=\"/admin\">Back to the users</a>.</p>"), 404);
        }

        var recent = await history.ReadRecentAsync(profile.UserId, 30, context.RequestAborted);
        var field = guard.Field(context);
        var path = $"/admin/users/{Uri.EscapeDataString(profile.UserId)}";
        var locked = profile.LockedUntil is { } until && until > session.Now;
        Html Action(string action, string label, string css = "") =>
            Html.Of($"<form method=\"post\" action=\"{path}/{action}\">{field}<button type=\"submit\" class=\"{css}\">{label}</button></form>");
        var ban = profile.Status == AccountStatus.Banned
            ? Action("unban", "Unban")
            : Html.Of($"""
                <form method="post" action="{path}/ban">{field}
                <label for="reason">Reason for the ban</label>
                <input id="reason" name="reason" maxlength="200" value="banned by an administrator">
                <button type="submit" class="danger">Ban</button></form>
                """);
        return PageLayout.Page(context, guard, $"User {profile.UserId}", claims, Html.Of($"""
            {PageLayout.Notice(done is null ? null : $"Done: {done}.", "info")}
            <p><a href="/admin">Back to the users</a></p>
            <section class="card" aria-labelledby="account-heading">
            <h2 id="account-heading">Account</h2>
            <dl class="facts">
            <dt>Status</dt><dd id="user-status">{(locked ? "locked" : profile.Status.ToString().ToLowerInvariant())}</dd>
            <dt>Display name</dt><dd>{profile.DisplayName ?? "—"}</dd>
            <dt>E-mail</dt><dd>{profile.Email ?? "—"}</dd>
            <dt>Roles</dt><dd>{(profile.Roles.Count == 0 ? "member" : string.Join(", ", profile.Roles))}</dd>
            <dt>Created</dt><dd>{PageLayout.Time(profile.CreatedAt)}</dd>
            <dt>Last login</dt><dd>{PageLayout.Time(profile.LastLoginAt)}{(profile.LastLoginFrom is { } from ? $" from {from}" : "")}</dd>
            <dt>Failed attempts since</dt><dd>{profile.FailedAttempts}</dd>
            <dt>Locked until</dt><dd>{(locked ? PageLayout.Time(profile.LockedUntil) : "not locked")}</dd>
            <dt>Ban reason</dt><dd>{profile.BanReason ?? "—"}</dd>
            <dt>Active sessions</dt><dd id="user-sessions">{profile.ActiveSessions}</dd>
            </dl>
            </section>
            <section class="card actions" aria-labelledby="actions-heading">
            <h2 id="actions-heading">Actions</h2>
            {ban}
            {Html.When(locked, Action("unlock", "Unlock"))}
            {Action("end-sessions", "End all sessions")}
            <form method="post" action="{path}/delete">{field}
            <label class="check"><input type="checkbox" name="confirm" value="yes" required> Delete {profile.UserId} for good (the id is free again at once)</label>
            <button type="submit" class="danger">Delete</button></form>
            </section>
            <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">Recent history</h2>
            <ol id="history" class="history" reversed>{Html.Join(recent.Select(h => Html.Of($"<li><time>{PageLayout.Time(h.At)}</time> {h.What}</li>")))}</ol>
            </section>
            """));
    }

    private static async Task<IResult> ActAsync(HttpContext context, string id, string action, BrowserSession session, FormGuard guard, UserDirectory users)
    {
        if (await guard.ReadAsync(context) is not { } form)
        {
            return AccountPages.Refused(context, guard);
        }

        var (claims, answer) = await RequireAdminAsync(context, session, guard);
        if (claims is null)
        {
            return answer!;
        }

        var reason = form["reason"].ToString().Trim();
        IUserCommand? command = action switch
        {
            "ban" => new Ban(id, reason.Length is > 0 and <= 200 ? reason : "banned by an administrator"),
            "unban" => new Unban(id),
            "unlock" => new Unlock(id),
            "end-sessions" => new EndAllSessions(id),
            "delete" when form["confirm"] == "yes" => new DeleteUser(id, null, ByAdmin: true),
            _ => null,
        };
        if (command is null || !UserId.IsValid(id))
        {
            return PageLayout.Page(context, guard, "Not done", claims, PageLayout.Notice("That action is unknown or was not confirmed."), 400);
        }

        var reply = await users.AskAsync(command, context.RequestAborted);
        return reply switch
        {
            UserDeleted => PageLayout.SeeOther("/admin"),
            Rejected rejected => PageLayout.Page(context, guard, "Not done", claims, PageLayout.Notice(rejected.Message), (int)rejected.Code),
            _ => PageLayout.SeeOther($"/admin/users/{Uri.EscapeDataString(id)}?done={action}"),
        };
    }
}
