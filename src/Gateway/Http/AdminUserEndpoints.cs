using AuthActors.Messages;
using AuthActors.Node.Projections;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Http;

/// <summary>
/// The admin API about one user beyond account actions: the audit trail (the user's events in the journal, newest
/// first, paged) and the user's sessions. Admin role only; 404 for an unknown user is for admins alone.
/// </summary>
internal static class AdminUserEndpoints
{
    private const int MaxHistoryPage = 200;

    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/users").WithTags("Admin");
        admin.MapGet("/{id}/history", HistoryAsync).WithName("GetUserHistory")
            .WithSummary("The user's audit trail, newest first: each event with its time, kind, source address and gateway")
            .Produces<AuditPageResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        admin.MapGet("/{id}/sessions", SessionsAsync).WithName("ListUserSessions").WithSummary("The user's live sessions")
            .Produces<IReadOnlyList<SessionResponse>>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        admin.MapDelete("/{id}/sessions/{session}", EndSessionAsync).WithName("EndUserSession").WithSummary("End one session of the user")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<IResult> HistoryAsync(
        HttpContext context, string id, long? before, int? limit, BearerAuthentication bearer, UserHistory history)
    {
        var (claims, problem) = await AdminEndpoints.AuthorizeAsync(context, bearer);
        if (claims is null)
        {
            return problem!;
        }

        var broken = new List<string>();
        if (before is < 1)
        {
            broken.Add("before must be a sequence number from 1");
        }

        if (limit is < 1 or > MaxHistoryPage)
        {
            broken.Add($"limit must be 1-{MaxHistoryPage}");
        }

        if (broken.Count > 0)
        {
            return Problems.InvalidInput(broken);
        }

        var page = UserId.IsValid(id) ? await history.ReadPageAsync(id, before, limit ?? 50, context.RequestAborted) : null;
        if (page is null)
        {
            return Problems.NotFound("no such user");
        }

        return TypedResults.Json(
            new AuditPageResponse(
                id,
                [.. page.Entries.Select(e => new AuditEventResponse(e.Sequence, e.At, e.Kind, e.Description, e.Address, e.Gateway))],
                page.NextBefore),
            ApiJsonContext.Default.AuditPageResponse);
    }

    private static async Task<IResult> SessionsAsync(HttpContext context, string id, BearerAuthentication bearer, UserDirectory users)
    {
        var (claims, problem) = await AdminEndpoints.AuthorizeAsync(context, bearer);
        if (claims is null)
        {
            return problem!;
        }

        // Asked for the profile first: a user with no sessions lists empty, a user who does not exist is 404.
        var profile = await users.AskAsync(new GetProfile(id), context.RequestAborted);
        if (profile is not UserProfile)
        {
            return AdminEndpoints.NotFoundOr(profile);
        }

        var reply = await users.AskAsync(new ListSessions(id), context.RequestAborted);
        if (reply is not SessionList list)
        {
            return AdminEndpoints.NotFoundOr(reply);
        }

        IReadOnlyList<SessionResponse> sessions =
        [
            .. list.Sessions.Select(s => new SessionResponse(s.SessionId, s.Client, s.StartedAt, s.LastUsedAt, s.From, s.ExpiresAt, false)),
        ];
        return TypedResults.Json(sessions, ApiJsonContext.Default.IReadOnlyListSessionResponse);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext context, string id, string session, BearerAuthentication bearer, UserDirectory users)
    {
        var (claims, problem) = await AdminEndpoints.AuthorizeAsync(context, bearer);
        if (claims is null)
        {
            return problem!;
        }

        var reply = await users.AskAsync(new EndSession(id, session), context.RequestAborted);
        return reply is SessionEnded ? TypedResults.NoContent() : AdminEndpoints.NotFoundOr(reply);
    }
}
