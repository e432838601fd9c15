using AuthActors.Messages;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Http;

/// <summary>
/// Authenticates a request by its access token: the signature and claims first (no I/O), then the user's own word
/// that the session is live and the token not revoked, so a logout or ban takes effect before the token expires.
/// </summary>
internal sealed class BearerAuthentication(TokenServices tokens, UserDirectory users)
{
    private const string Scheme = "Bearer ";

    /// <summary>The caller's verified claims, or the 401 to answer.</summary>
    public async Task<(AccessTokenClaims? Claims, IResult? Problem)> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return (null, Problems.MissingToken());
        }

        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.InvalidToken("the Authorization header must be 'Bearer <access token>'"));
        }

        var (claims, problem) = await VerifyAsync(header[Scheme.Length..].Trim());
        if (claims is null)
        {
            return (null, problem);
        }

        return await users.AskAsync(new CheckAccessToken(claims.Subject, claims.SessionId, claims.TokenId), context.RequestAborted) switch
        {
            TokenStatus { Active: true } => (claims, null),
            Rejected { Code: ErrorCode.Busy } busy => (null, Problems.From(busy)),
            _ => (null, Problems.InvalidToken("the session of this token has ended")),
        };
    }

    /// <summary>The claims of a token whose signature and claims are good, or the 401 saying why not.</summary>
    public async Task<(AccessTokenClaims? Claims, IResult? Problem)> VerifyAsync(string token)
    {
        var check = await tokens.Validator.ValidateAsync(token);
        return check.IsValid ? (check.Claims, null) : (null, Problems.InvalidToken(Describe(check.Reason)));
    }

    private static string Describe(AccessTokenRefusal reason) => reason switch
    {
        AccessTokenRefusal.Expired => "the access token has expired",
        AccessTokenRefusal.NotYetValid => "the access token is not valid yet",
        AccessTokenRefusal.AlgorithmNotAllowed => "the access token's algorithm is not ES256",
        AccessTokenRefusal.UnknownKey => "the access token is signed by an unknown key",
        AccessTokenRefusal.BadSignature => "the access token's signature is not valid",
        AccessTokenRefusal.WrongIssuer => "the access token is from another issuer",
        AccessTokenRefusal.WrongAudience => "the access token is for another audience",
        AccessTokenRefusal.WrongType => "the token is not an access token",
        _ => "the access token is malformed",
    };
}
