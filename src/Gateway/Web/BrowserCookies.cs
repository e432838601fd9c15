using AuthActors.Messages;

namespace AuthActors.Gateway.Web;

/// <summary>
/// The browser's tokens: the access token and the refresh token in cookies no script can read (HttpOnly), sent
/// only to this site's own requests (SameSite=Strict), and only over TLS when the page came over TLS (Secure).
/// </summary>
internal static class BrowserCookies
{
    /// <summary>The access token's cookie; it lives as long as the token.</summary>
    public const string Access = "authactors_access";

    /// <summary>The refresh token's cookie; it lives as long as the session may be refreshed.</summary>
    public const string Refresh = "authactors_refresh";

    /// <summary>Stores a fresh token pair.</summary>
    public static void Store(HttpContext context, TokensIssued issued)
    {
        context.Response.Cookies.Append(Access, issued.AccessToken, Options(context, issued.AccessTokenExpiresAt));
        context.Response.Cookies.Append(Refresh, issued.RefreshToken.Value, Options(context, issued.RefreshTokenExpiresAt));
    }

    /// <summary>Forgets both tokens.</summary>
    public static void Clear(HttpContext context)
    {
        context.Response.Cookies.Delete(Access, Options(context, null));
        context.Response.Cookies.Delete(Refresh, Options(context, null));
    }

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
