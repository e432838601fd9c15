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

    /// <summary>
    /// The device token's cookie (device lock-out mode): it makes this browser a trusted device of the user who last
    /// logged in with it, for a year, and outlives logout on purpose.
    /// </summary>
    public const string Device = "authactors_device";

    private static readonly TimeSpan DeviceLifetime = TimeSpan.FromDays(365);

    /// <summary>Stores a fresh token pair, and the device token when the login gave one.</summary>
    public static void Store(HttpContext context, TokensIssued issued)
    {
        context.Response.Cookies.Append(Access, issued.AccessToken, Options(context, issued.AccessTokenExpiresAt));
        context.Response.Cookies.Append(Refresh, issued.RefreshToken.Value, Options(context, issued.RefreshTokenExpiresAt));
        if (issued.DeviceToken is { } device)
        {
            context.Response.Cookies.Append(Device, device.Value, Options(context, DateTimeOffset.UtcNow + DeviceLifetime));
        }
    }

    /// <summary>The device token this browser holds, if any.</summary>
    public static Secret? DeviceToken(HttpContext context) =>
        context.Request.Cookies.TryGetValue(Device, out var token) && DeviceTokenFormat.LooksLikeOne(token) ? new Secret(token) : null;

    /// <summary>Forgets both tokens (the device token stays).</summary>
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
