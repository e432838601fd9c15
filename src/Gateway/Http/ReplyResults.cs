using AuthActors.Messages;
using AuthActors.Node.Tokens;

namespace AuthActors.Gateway.Http;

/// <summary>Turns users' replies into HTTP answers; anything unexpected is a 500 problem, never a leak of internals.</summary>
internal static class ReplyResults
{
    /// <summary>The OAuth token response; never cached (RFC 6749 section 5.1).</summary>
    public static IResult Tokens(HttpContext context, TokensIssued issued, TimeProvider clock)
    {
        NoStore(context);
        var now = clock.GetUtcNow();
        return TypedResults.Json(
            new TokenResponse(
                issued.AccessToken,
                issued.RefreshToken.Value,
                "Bearer",
                Seconds(issued.AccessTokenExpiresAt - now),
                Seconds(issued.RefreshTokenExpiresAt - now),
                issued.SessionId,
                issued.DeviceToken?.Value),
            ApiJsonContext.Default.TokenResponse);
    }

    /// <summary>The answer for a reply that is a rejection or of a type the endpoint did not expect.</summary>
    public static IResult Failure(IUserReply reply) => reply is Rejected rejected
        ? Problems.From(rejected)
        : Problems.Create(500, "the service gave an unexpected answer", null, null);

    /// <summary>Marks a response as holding secrets that no cache may keep.</summary>
    public static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }

    /// <summary>The profile as the API shows it.</summary>
    public static ProfileResponse Profile(UserProfile p) => new(
        p.UserId, p.Status, p.Email, p.DisplayName, p.Roles, p.CreatedAt, p.LastLoginAt, p.LastLoginFrom, p.FailedAttempts,
        p.LockedUntil, p.BanReason, p.WithdrawnAt, p.ActiveSessions);

    /// <summary>Whether the verified caller holds the role.</summary>
    public static bool HasRole(AccessTokenClaims claims, string role) => claims.Roles.Contains(role, StringComparer.Ordinal);

    private static int Seconds(TimeSpan span) => Math.Max(0, (int)Math.Round(span.TotalSeconds));
}
