using System.Globalization;
using System.Text;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Web;

/// <summary>The frame every page shares: head, navigation (with the logout form), one stylesheet; a script only on the messages page.</summary>
internal static class PageLayout
{
    /// <summary>A whole page as the answer, never cached (it shows a person's account); <paramref name="script"/> is a path on this site.</summary>
    public static IResult Page(HttpContext context, FormGuard guard, string title, AccessTokenClaims? user, Html body, int status = 200, string? script = null)
    {
        var scriptTag = script is null ? Html.Empty : Html.Of($"<script src=\"{script}\" defer></script>\n");
        var html = Html.Of($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · AuthActors</title>
            <link rel="stylesheet" href="/site.css">
            {scriptTag}</head>
            <body>
            <header class="top">
            <a class="brand" href="/">AuthActors</a>
            <nav aria-label="Main">{Navigation(context, guard, user)}</nav>
            </header>
            <main>
            <h1>{title}</h1>
            {body}
            </main>
            </body>
            </html>
            """);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(html.Value, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>A message box; <paramref name="kind"/> is <c>error</c> or <c>info</c>.</summary>
    public static Html Notice(string? text, string kind = "error") => text is null
        ? Html.Empty
        : Html.Of($"<p class=\"notice {kind}\" role=\"{(kind == "error" ? "alert" : "status")}\">{text}</p>");

    /// <summary>A time as the pages show it: UTC to the second.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "never";

    /// <summary>A span of time in words (days, hours, minutes or seconds).</summary>
    public static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.TotalDays % 1 == 0 => Plural((int)span.TotalDays, "day"),
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => Plural((int)span.TotalHours, "hour"),
        { TotalMinutes: >= 1 } when span.TotalMinutes % 1 == 0 => Plural((int)span.TotalMinutes, "minute"),
        _ => Plural((int)Math.Ceiling(span.TotalSeconds), "second"),
    };

    /// <summary>The 303 that sends the browser to <paramref name="path"/> after a form (Post/Redirect/Get).</summary>
    public static IResult SeeOther(string path) => new SeeOtherResult(path);

    private static string Plural(int count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? "" : "s")}");

    private static Html Navigation(HttpContext context, FormGuard guard, AccessTokenClaims? user)
    {
        if (user is null)
        {
            return Html.Of($"<a href=\"/login\">Log in</a> <a href=\"/signup\">Sign up</a>");
        }

        var admin = Html.When(user.Roles.Contains(AccountDecider.AdminRole, StringComparer.Ordinal), Html.Of($"<a href=\"/admin\">Admin</a> "));
        return Html.Of($"""
            <span class="who">Signed in as <strong>{user.Subject}</strong></span>
            <a href="/me">Member page</a> <a href="/messages">Messages</a> {admin}<form class="inline" method="post" action="/logout">{guard.Field(context)}<button type="submit">Log out</button></form>
            """);
    }

    private sealed class SeeOtherResult(string path) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = path;
            return Task.CompletedTask;
        }
    }
}
