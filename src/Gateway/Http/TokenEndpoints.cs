using AuthActors.Messages;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Http;

/// <summary>
/// The token endpoints: password grant, refresh rotation, revocation (RFC 7009 shape) and introspection (RFC 7662).
/// An unknown id and a wrong password give the same status and body, and cost the same hash.
/// </summary>
internal static class TokenEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/token", IssueAsync)
            .WithName("Token").WithSummary("Exchange an id and password for an access token and a refresh token")
            .Accepts<TokenRequest>("application/json").Produces<TokenResponse>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(423).ProducesProblem(429).ProducesProblem(503);
        api.MapPost("/token/refresh", RefreshAsync)
            .WithName("RefreshToken").WithSummary("Rotate a refresh token: the old one stops working, a new pair is issued")
            .Accepts<RefreshRequest>("application/json").Produces<TokenResponse>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(429).ProducesProblem(503);
        api.MapPost("/token/revoke", RevokeAsync)
            .WithName("RevokeToken").WithSummary("Revoke a refresh or access token, its session (family), or every session of its user")
            .Accepts<RevokeRequest>("application/json").Produces<RevokeResponse>()
            .ProducesProblem(400).ProducesProblem(429).ProducesProblem(503);
        api.MapPost("/token/introspect", IntrospectAsync)
            .WithName("IntrospectToken").WithSummary("For other services (HTTP Basic client credentials): is this token live, and whose is it")
            .Accepts<IntrospectRequest>("application/json", "application/x-www-form-urlencoded").Produces<IntrospectionResponse>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(503);
    }

    private static async Task<IResult> IssueAsync(HttpContext context, UserDirectory users, RateLimits limits, TimeProvider clock, IOptions<HttpOptions> options)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, ApiJsonContext.Default.TokenRequest);
        if (body is null)
        {
            return problem!;
        }

        if (RequiredMissing(("id", body.Id), ("password", body.Password)) is { } missing)
        {
            return missing;
        }

        var mode = options.Value.LockoutMode;
        if (limits.TakePasswordAttempt(body.Id!, mode, body.DeviceToken) is { } limited)
        {
            return limited;
        }

        // An id that breaks the rules gets the wrong-credentials answer: its format is no secret, but one answer
        // for every failed login keeps clients simple and tells an enumerator nothing.
        var device = DeviceTokenFormat.LooksLikeOne(body.DeviceToken) ? new Secret(body.DeviceToken!) : null;
        var reply = UserId.IsValid(body.Id)
            ? await users.AskAsync(new IssueTokens(body.Id!, body.Password!, SessionClient.Api, ClientAddress.Of(context), mode, device), context.RequestAborted)
            : new Rejected(ErrorCode.BadCredentials, UserDecider.WrongCredentials);
        return reply is TokensIssued issued ? ReplyResults.Tokens(context, issued, clock) : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> RefreshAsync(HttpContext context, UserDirectory users, TimeProvider clock)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, ApiJsonContext.Default.RefreshRequest);
        if (body is null)
        {
            return problem!;
        }

        if (RequiredMissing(("refresh_token", body.RefreshToken)) is { } missing)
        {
            return missing;
        }

        if (!RefreshTokenFormat.TryRead(body.RefreshToken, out var userId, out _))
        {
            return Problems.From(new Rejected(ErrorCode.BadCredentials, SessionDecider.InvalidRefreshToken));
        }

        var reply = await users.AskAsync(new RefreshTokens(userId, body.RefreshToken!, ClientAddress.Of(context)), context.RequestAborted);
        return reply is TokensIssued issued ? ReplyResults.Tokens(context, issued, clock) : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, UserDirectory users, BearerAuthentication bearer)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, ApiJsonContext.Default.RevokeRequest);
        if (body is null)
        {
            return problem!;
        }

        if (RequiredMissing(("token", body.Token)) is { } missing)
        {
            return missing;
        }

        if (!TryParseScope(body.Scope, out var scope))
        {
            return Problems.InvalidInput("scope must be one of: token, family, all");
        }

        IUserReply reply;
        if (RefreshTokenFormat.TryRead(body.Token, out var userId, out _))
        {
            reply = await users.AskAsync(new RevokeRefreshToken(userId, body.Token!, scope), context.RequestAborted);
        }
        else
        {
            // RFC 7009: a token that is not valid needs no revoking, and the answer does not tell it apart.
            var (claims, _) = await bearer.VerifyAsync(body.Token!);
            reply = claims is null
                ? new Revoked("", 0, false)
                : await users.AskAsync(new RevokeAccessToken(claims.Subject, claims.SessionId, claims.TokenId, claims.ExpiresAt, scope), context.RequestAborted);
        }

        return reply is Revoked revoked
            ? TypedResults.Json(new RevokeResponse(revoked.SessionsEnded, revoked.AccessTokenRevoked), ApiJsonContext.Default.RevokeResponse)
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> IntrospectAsync(HttpContext context, UserDirectory users, BearerAuthentication bearer, IntrospectionClients clients, TokenServices tokens)
    {
        if (!clients.Authenticate(context))
        {
            return clients.Challenge();
        }

        var token = await IntrospectionClients.ReadTokenAsync(context);
        if (token.Problem is not null)
        {
            return token.Problem;
        }

        ReplyResults.NoStore(context);
        var answer = RefreshTokenFormat.TryRead(token.Value, out var userId, out _)
            ? await IntrospectRefreshAsync(users, userId, token.Value!, tokens, context.RequestAborted)
            : await IntrospectAccessAsync(users, bearer, token.Value!, tokens, context.RequestAborted);
        return answer switch
        {
            IntrospectionResponse response => TypedResults.Json(response, ApiJsonContext.Default.IntrospectionResponse),
            Rejected busy => Problems.From(busy),
            _ => TypedResults.Json(new IntrospectionResponse(false), ApiJsonContext.Default.IntrospectionResponse),
        };
    }

    private static async Task<object> IntrospectRefreshAsync(UserDirectory users, string userId, string token, TokenServices tokens, CancellationToken cancellationToken) =>
        await users.AskAsync(new CheckRefreshToken(userId, token), cancellationToken) switch
        {
            TokenStatus { Active: true } status => new IntrospectionResponse(
                true, userId, status.SessionId, "refresh_token", status.ExpiresAt?.ToUnixTimeSeconds(), null, tokens.Options.Issuer, null, null, status.Roles),
            Rejected { Code: ErrorCode.Busy } busy => busy,
            _ => new IntrospectionResponse(false),
        };

    private static async Task<object> IntrospectAccessAsync(UserDirectory users, BearerAuthentication bearer, string token, TokenServices tokens, CancellationToken cancellationToken)
    {
        var (claims, _) = await bearer.VerifyAsync(token);
        if (claims is null)
        {
            return new IntrospectionResponse(false);
        }

        return await users.AskAsync(new CheckAccessToken(claims.Subject, claims.SessionId, claims.TokenId), cancellationToken) switch
        {
            TokenStatus { Active: true } => new IntrospectionResponse(
                true,
                claims.Subject,
                claims.SessionId,
                "access_token",
                claims.ExpiresAt.ToUnixTimeSeconds(),
                (claims.ExpiresAt - tokens.Options.AccessTokenLifetime).ToUnixTimeSeconds(),
                tokens.Options.Issuer,
                tokens.Options.Audience,
                claims.TokenId,
                claims.Roles),
            Rejected { Code: ErrorCode.Busy } busy => busy,
            _ => new IntrospectionResponse(false),
        };
    }

    /// <summary>The 400 naming every required field that is missing or empty, or null when all are there.</summary>
    public static IResult? RequiredMissing(params (string Name, string? Value)[] fields)
    {
        var missing = fields.Where(f => string.IsNullOrEmpty(f.Value)).Select(f => $"{f.Name} is required").ToList();
        return missing.Count == 0 ? null : Problems.InvalidInput(missing);
    }

    private static bool TryParseScope(string? text, out RevokeScope scope)
    {
        scope = RevokeScope.Token;
        switch (text)
        {
            case null or "token":
                return true;
            case "family":
                scope = RevokeScope.Family;
                return true;
            case "all":
                scope = RevokeScope.All;
                return true;
            default:
                return false;
        }
    }
}
