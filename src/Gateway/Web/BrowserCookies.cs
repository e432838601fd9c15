using AuthActors.Messages;

namespace AuthActors.Gateway.Web;

/// <summary>
/// The browser's tokens: the access token and the refresh token in cookies no script can read (HttpOnly), sent
/// only to this site's own requests (SameSite=Strict), and only over TLS when the page came over TLS (Secure). Over
/// TLS their names carry the <c>__Host-</c> prefix, so the browser keeps them only when they are Secure, for this
/// host alone (no Domain) and the whole site (Path=/): a sibling subdomain or a plain-HTTP page cannot plant one.
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
        context.Response.Cookies.Append(NameOf(context, Access), issued.AccessToken, Options(context, issued.AccessTokenExpiresAt));
        context.Response.Cookies.Append(NameOf(context, Refresh), issued.RefreshToken.Value, Options(context, issued.RefreshTokenExpiresAt));
        if (issued.DeviceToken is { } device)
        {
            context.Response.Cookies.Append(NameOf(context, Device), device.Value, Options(context, DateTimeOffset.UtcNow + DeviceLifetime));
        }
    }

    /// <summary>
    /// The device token this browser holds, if any. Over HTTPS also under the name it had before the <c>__Host-</c>
    /// prefix, so a browser that was a trusted device before the upgrade stays one (its next login renames it); the
    /// token is bound to its user by an HMAC, so a planted one gains nothing.
    /// </summary>
    public static Secret? DeviceToken(HttpContext context) =>
        (Read(context, Device) ?? context.Request.Cookies[Device]) is { } token && DeviceTokenFormat.LooksLikeOne(token) ? new Secret(token) : null;

    /// <summary>The value of the cookie <paramref name="name"/> (one of the names above) under this request's scheme.</summary>
    public static string? Read(HttpContext context, string name) => context.Request.Cookies[NameOf(context, name)];

    /// <summary>Forgets both tokens (the device token stays).</summary>
    public static void Clear(HttpContext context)
    {
        context.Response.Cookies.Delete(NameOf(context, Access), Options(context, null));
        context.Response.Cookies.Delete(NameOf(context, Refresh), Options(context, null));
    }

    private static string NameOf(HttpContext context, string name) => context.Request.IsHttps ? "__Host-" + name : name;

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
