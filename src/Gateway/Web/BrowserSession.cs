using AuthActors.Gateway.Http;
using AuthActors.Messages;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Web;

/// <summary>Who is signed in on this request, or why nobody is (<c>banned</c>, <c>withdrawn</c>, <c>ended</c>).</summary>
internal sealed record BrowserSignIn(AccessTokenClaims? Claims, string? SignedOutBecause)
{
    /// <summary>True when a live session stands behind the request.</summary>
    public bool IsSignedIn => Claims is not null;
}

/// <summary>
/// Authenticates a page request by its cookies, as the API authenticates a bearer token (signature, then the user's
/// word that the session is live). An expired access token is replaced silently through the same refresh rotation
/// as <c>POST /api/token/refresh</c>; a session that ended (logout elsewhere, ban, password change) clears the cookies.
/// </summary>
internal sealed class BrowserSession(BearerAuthentication bearer, UserDirectory users, TimeProvider clock)
{
    /// <summary>The request's signed-in user, refreshing the tokens when the access token has expired.</summary>
    public async Task<BrowserSignIn> SignInAsync(HttpContext context)
    {
        var access = BrowserCookies.Read(context, BrowserCookies.Access);
        var refresh = BrowserCookies.Read(context, BrowserCookies.Refresh);
        if (string.IsNullOrEmpty(access) && string.IsNullOrEmpty(refresh))
        {
            return new BrowserSignIn(null, null);
        }

        var (claims, _) = string.IsNullOrEmpty(access) ? (null, null) : await bearer.VerifyAsync(access);
        if (claims is not null)
        {
            var status = await users.AskAsync(new CheckAccessToken(claims.Subject, claims.SessionId, claims.TokenId), context.RequestAborted);
            if (status is TokenStatus { Active: true })
            {
                return new BrowserSignIn(claims, null);
            }

            // The token is genuine but its session is over: say why when the reason is the account's standing.
            BrowserCookies.Clear(context);
            return new BrowserSignIn(null, await WhySignedOutAsync(claims.Subject, context.RequestAborted));
        }

        return await RefreshAsync(context, refresh);
    }

    private async Task<BrowserSignIn> RefreshAsync(HttpContext context, string? refresh)
    {
        if (!RefreshTokenFormat.TryRead(refresh, out var userId, out _))
        {
            BrowserCookies.Clear(context);
            return new BrowserSignIn(null, "ended");
        }

        var reply = await users.AskAsync(new RefreshTokens(userId, refresh!, ClientAddress.Of(context)), context.RequestAborted);
        if (reply is not TokensIssued issued)
        {
            BrowserCookies.Clear(context);
            return new BrowserSignIn(null, "ended");
        }

        BrowserCookies.Store(context, issued);
        var (claims, _) = await bearer.VerifyAsync(issued.AccessToken);
        return claims is null
            ? new BrowserSignIn(null, "ended")
            : new BrowserSignIn(claims, null);
    }

    private async Task<string> WhySignedOutAsync(string userId, CancellationToken cancellationToken) =>
        await users.AskAsync(new GetProfile(userId), cancellationToken) switch
        {
            UserProfile { Status: AccountStatus.Banned } => "banned",
            UserProfile { Status: AccountStatus.Withdrawn } => "withdrawn",
            _ => "ended",
        };

    /// <summary>The signed-in user, or the redirect to the login page that says why there is none.</summary>
    public async Task<(AccessTokenClaims? Claims, IResult? Redirect)> RequireAsync(HttpContext context)
    {
        var signIn = await SignInAsync(context);
        return signIn.Claims is { } claims
            ? (claims, null)
            : (null, PageLayout.SeeOther($"/login?done={signIn.SignedOutBecause ?? "needed"}"));
    }

    /// <summary>The time now, for pages that show how long something lasts.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();
}
