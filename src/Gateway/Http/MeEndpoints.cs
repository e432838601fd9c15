using AuthActors.Messages;
using AuthActors.Node.Users;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Http;

/// <summary>The signed-in user's own account: profile, password, withdrawal, sessions.</summary>
internal static class MeEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Me");
        me.MapGet("/", GetAsync).WithName("GetMe").WithSummary("The caller's account").Produces<ProfileResponse>().ProducesProblem(401);
        me.MapPut("/password", ChangePasswordAsync).WithName("ChangePassword")
            .WithSummary("Change the password; every session ends, this one included")
            .Accepts<ChangePasswordRequest>("application/json").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(423);
        me.MapDelete("/", WithdrawAsync).WithName("Withdraw")
            .WithSummary("Withdraw the account (needs the password); the id stays taken for the cooldown")
            .Accepts<WithdrawRequest>("application/json").Produces<WithdrawResponse>().ProducesProblem(400).ProducesProblem(401);
        me.MapGet("/sessions", ListSessionsAsync).WithName("ListSessions").WithSummary("The caller's live sessions")
            .Produces<IReadOnlyList<SessionResponse>>().ProducesProblem(401);
        me.MapDelete("/sessions/{id}", EndSessionAsync).WithName("EndSession").WithSummary("End one of the caller's sessions")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(401).ProducesProblem(404);
    }

    private static async Task<IResult> GetAsync(HttpContext context, BearerAuthentication bearer, UserDirectory users)
    {
        var (claims, problem) = await bearer.AuthenticateAsync(context);
        if (claims is null)
        {
            return problem!;
        }

        var reply = await users.AskAsync(new GetProfile(claims.Subject), context.RequestAborted);
        return reply is UserProfile profile
            ? TypedResults.Json(ReplyResults.Profile(profile), ApiJsonContext.Default.ProfileResponse)
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext context, BearerAuthentication bearer, UserDirectory users, IOptions<ApiPolicyOptions> policy)
    {
        var (claims, problem) = await bearer.AuthenticateAsync(context);
        if (claims is null)
        {
            return problem!;
        }

        var (body, bodyProblem) = await JsonBody.ReadAsync(context, ApiJsonContext.Default.ChangePasswordRequest);
        if (body is null)
        {
            return bodyProblem!;
        }

        if (TokenEndpoints.RequiredMissing(("current_password", body.CurrentPassword), ("new_password", body.NewPassword)) is { } missing)
        {
            return missing;
        }

        var reply = await users.AskAsync(
            new ChangePassword(claims.Subject, body.CurrentPassword!, body.NewPassword!, policy.Value.PasswordPolicy), context.RequestAborted);
        return reply is PasswordChanged ? TypedResults.NoContent() : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> WithdrawAsync(HttpContext context, BearerAuthentication bearer, UserDirectory users)
    {
        var (claims, problem) = await bearer.AuthenticateAsync(context);
        if (claims is null)
        {
            return problem!;
        }

        var (body, bodyProblem) = await JsonBody.ReadAsync(context, ApiJsonContext.Default.WithdrawRequest);
        if (body is null)
        {
            return bodyProblem!;
        }

        if (TokenEndpoints.RequiredMissing(("password", body.Password)) is { } missing)
        {
            return missing;
        }

        var reply = await users.AskAsync(new Withdraw(claims.Subject, body.Password!), context.RequestAborted);
        return reply is Withdrawn withdrawn
            ? TypedResults.Json(new WithdrawResponse(withdrawn.UserId, withdrawn.FreeAgainAt), ApiJsonContext.Default.WithdrawResponse)
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> ListSessionsAsync(HttpContext context, BearerAuthentication bearer, UserDirectory users)
    {
        var (claims, problem) = await bearer.AuthenticateAsync(context);
        if (claims is null)
        {
            return problem!;
        }

        var reply = await users.AskAsync(new ListSessions(claims.Subject), context.RequestAborted);
        if (reply is not SessionList list)
        {
            return ReplyResults.Failure(reply);
        }

        IReadOnlyList<SessionResponse> sessions =
        [
            .. list.Sessions.Select(s => new SessionResponse(s.SessionId, s.Client, s.StartedAt, s.LastUsedAt, s.From, s.ExpiresAt, s.SessionId == claims.SessionId)),
        ];
        return TypedResults.Json(sessions, ApiJsonContext.Default.IReadOnlyListSessionResponse);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext context, string id, BearerAuthentication bearer, UserDirectory users)
    {
        var (claims, problem) = await bearer.AuthenticateAsync(context);
        if (claims is null)
        {
            return problem!;
        }

        var reply = await users.AskAsync(new EndSession(claims.Subject, id), context.RequestAborted);
        return reply is SessionEnded ? TypedResults.NoContent() : ReplyResults.Failure(reply);
    }
}
