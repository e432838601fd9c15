using AuthActors.Messages;
using AuthActors.Node.Projections;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;
using Microsoft.AspNetCore.Mvc;

namespace AuthActors.Gateway.Http;

/// <summary>The admin API, for access tokens with the <c>admin</c> role: the user list (from the projection) and account actions.</summary>
internal static class AdminEndpoints
{
    private const int MaxPageSize = 200;

    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/users").WithTags("Admin");
        admin.MapGet("/", ListAsync).WithName("ListUsers")
            .WithSummary("Users by id, paged; filter by status (active, locked, banned, withdrawn) and id prefix")
            .Produces<UserPageResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        admin.MapGet("/{id}", GetAsync).WithName("GetUser").WithSummary("One user's account")
            .Produces<ProfileResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        admin.MapPost("/{id}/ban", BanAsync).WithName("BanUser").WithSummary("Ban: logins are refused and every session ends")
            .Accepts<BanRequest>("application/json").Produces<AccountResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        admin.MapPost("/{id}/unban", (HttpContext c, string id, BearerAuthentication b, UserDirectory u) => ActAsync(c, id, b, u, new Unban(id)))
            .WithName("UnbanUser").WithSummary("Lift a ban").Produces<AccountResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        admin.MapPost("/{id}/unlock", (HttpContext c, string id, BearerAuthentication b, UserDirectory u) => ActAsync(c, id, b, u, new Unlock(id)))
            .WithName("UnlockUser").WithSummary("End a lock-out").Produces<AccountResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        admin.MapDelete("/{id}/sessions", (HttpContext c, string id, BearerAuthentication b, UserDirectory u) => ActAsync(c, id, b, u, new EndAllSessions(id)))
            .WithName("EndUserSessions").WithSummary("End every session of the user").Produces<RevokeResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        admin.MapDelete("/{id}", (HttpContext c, string id, BearerAuthentication b, UserDirectory u) => ActAsync(c, id, b, u, new DeleteUser(id, null, ByAdmin: true)))
            .WithName("DeleteUser").WithSummary("Delete the account; the id is free again at once")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
    }

    /// <summary>The caller's claims when the bearer token has the admin role, or the problem to answer (401, 403).</summary>
    public static async Task<(AccessTokenClaims? Claims, IResult? Problem)> AuthorizeAsync(HttpContext context, BearerAuthentication bearer)
    {
        var (claims, problem) = await bearer.AuthenticateAsync(context);
        if (claims is null)
        {
            return (null, problem);
        }

        return ReplyResults.HasRole(claims, AccountDecider.AdminRole)
            ? (claims, null)
            : (null, Problems.Forbidden("this needs the admin role"));
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, BearerAuthentication bearer, UserListProjection projection, string? status, string? prefix, int? page, [FromQuery(Name = "page_size")] int? pageSize)
    {
        var (claims, problem) = await AuthorizeAsync(context, bearer);
        if (claims is null)
        {
            return problem!;
        }

        var broken = new List<string>();
        if (!Enum.TryParse<UserListFilter>(status ?? "all", ignoreCase: true, out var filter) || int.TryParse(status, out _))
        {
            broken.Add("status must be one of: all, active, locked, banned, withdrawn");
        }

        if (prefix is { Length: > UserId.MaxLength })
        {
            broken.Add($"prefix must be at most {UserId.MaxLength} characters");
        }

        if (page is < 1)
        {
            broken.Add("page starts at 1");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            broken.Add($"page_size must be 1-{MaxPageSize}");
        }

        if (broken.Count > 0)
        {
            return Problems.InvalidInput(broken);
        }

        var result = await projection.QueryAsync(filter, prefix, page ?? 1, pageSize ?? 50, context.RequestAborted);
        return TypedResults.Json(
            new UserPageResponse(
                [.. result.Users.Select(u => new UserSummaryResponse(u.UserId, u.Status, u.CreatedAt, u.LastLoginAt, u.LockedUntil))],
                page ?? 1,
                pageSize ?? 50,
                result.Total),
            ApiJsonContext.Default.UserPageResponse);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id, BearerAuthentication bearer, UserDirectory users)
    {
        var (claims, problem) = await AuthorizeAsync(context, bearer);
        if (claims is null)
        {
            return problem!;
        }

        var reply = await users.AskAsync(new GetProfile(id), context.RequestAborted);
        return reply is UserProfile profile
            ? TypedResults.Json(ReplyResults.Profile(profile), ApiJsonContext.Default.ProfileResponse)
            : NotFoundOr(reply);
    }

    private static async Task<IResult> BanAsync(HttpContext context, string id, BearerAuthentication bearer, UserDirectory users)
    {
        var (claims, problem) = await AuthorizeAsync(context, bearer);
        if (claims is null)
        {
            return problem!;
        }

        var (body, bodyProblem) = await JsonBody.ReadAsync(context, ApiJsonContext.Default.BanRequest);
        if (body is null)
        {
            return bodyProblem!;
        }

        if (body.Reason is { Length: > 200 })
        {
            return Problems.InvalidInput("reason must be at most 200 characters");
        }

        return Answer(await users.AskAsync(new Ban(id, body.Reason ?? "banned by an administrator"), context.RequestAborted));
    }

    private static async Task<IResult> ActAsync(HttpContext context, string id, BearerAuthentication bearer, UserDirectory users, IUserCommand command)
    {
        var (claims, problem) = await AuthorizeAsync(context, bearer);
        if (claims is null)
        {
            return problem!;
        }

        return Answer(await users.AskAsync(command, context.RequestAborted));
    }

    private static IResult Answer(IUserReply reply) => reply switch
    {
        AccountChanged changed => TypedResults.Json(new AccountResponse(changed.UserId, changed.Status), ApiJsonContext.Default.AccountResponse),
        Revoked revoked => TypedResults.Json(new RevokeResponse(revoked.SessionsEnded, false), ApiJsonContext.Default.RevokeResponse),
        UserDeleted => TypedResults.NoContent(),
        _ => NotFoundOr(reply),
    };

    // An id that breaks the rules cannot exist: the admin hears "no such user", not a lesson in id syntax.
    public static IResult NotFoundOr(IUserReply reply) =>
        reply is Rejected { Code: ErrorCode.InvalidInput } ? Problems.NotFound("no such user") : ReplyResults.Failure(reply);
}
