using System.Text.Json;
using AuthActors.Gateway.Status;
using AuthActors.Messages;
using AuthActors.Node.Hosting;
using AuthActors.Node.Projections;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Http;

/// <summary>
/// The admin API about the service rather than one user: import and export of credentials, signing-key rotation,
/// and the cluster's members. What the <c>authactors</c> command line calls.
/// </summary>
internal static class AdminServiceEndpoints
{
    /// <summary>Users per import request: a batch hashes in seconds, well inside one request's time.</summary>
    public const int MaxImportBatch = 100;

    private const int ExportPage = 200;

    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Admin");
        admin.MapPost("/import", ImportAsync).WithName("ImportUsers")
            .WithSummary($"Register up to {MaxImportBatch} users with their existing passwords (any non-empty password)")
            .Accepts<ImportRequest>("application/json").Produces<ImportResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        admin.MapGet("/export", ExportAsync).WithName("ExportUsers")
            .WithSummary("Every user's id, status and password hash with its parameters, as JSON lines; never a plain password")
            .Produces<ExportLineResponse>(contentType: "application/x-ndjson").ProducesProblem(401).ProducesProblem(403);
        admin.MapPost("/keys/rotate", RotateAsync).WithName("RotateSigningKey")
            .WithSummary("Sign with a new key from now; the old one stays in the JWKS until its tokens have expired")
            .Produces<KeyRotationResponse>().ProducesProblem(401).ProducesProblem(403);
        admin.MapGet("/cluster", ClusterAsync).WithName("ClusterStatus").WithSummary("The members, their state and the shards each holds")
            .Produces<ClusterResponse>().ProducesProblem(401).ProducesProblem(403);
    }

    private static async Task<IResult> ImportAsync(HttpContext context, BearerAuthentication bearer, UserDirectory users)
    {
        var (claims, problem) = await AdminEndpoints.AuthorizeAsync(context, bearer);
        if (claims is null)
        {
            return problem!;
        }

        var (body, bodyProblem) = await JsonBody.ReadAsync(context, ApiJsonContext.Default.ImportRequest);
        if (body is null)
        {
            return bodyProblem!;
        }

        if (body.Users is not { Count: > 0 and <= MaxImportBatch } batch)
        {
            return Problems.InvalidInput($"users must hold 1-{MaxImportBatch} entries");
        }

        var failures = new List<ImportFailureResponse>();
        var imported = 0;
        await Parallel.ForEachAsync(
            batch,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = context.RequestAborted },
            async (user, ct) =>
            {
                var reply = user is { Id: { } id, Password: { Length: > 0 } password }
                    ? await users.AskAsync(new Register(id, new Secret(password), PasswordPolicyName.Imported), ct)
                    : new Rejected(ErrorCode.InvalidInput, "id and password are required");
                lock (failures)
                {
                    if (reply is Registered)
                    {
                        imported++;
                    }
                    else
                    {
                        var reasons = reply is Rejected rejected ? string.Join("; ", rejected.Reasons) : "not imported";
                        failures.Add(new ImportFailureResponse(user.Line, user.Id, reasons));
                    }
                }
            });
        return TypedResults.Json(
            new ImportResponse(imported, [.. failures.OrderBy(f => f.Line)]), ApiJsonContext.Default.ImportResponse);
    }

    private static async Task ExportAsync(HttpContext context, BearerAuthentication bearer, UserListProjection projection, UserDirectory users)
    {
        var (claims, problem) = await AdminEndpoints.AuthorizeAsync(context, bearer);
        if (claims is null)
        {
            await problem!.ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        var newline = "\n"u8.ToArray();
        for (var page = 1; ; page++)
        {
            var result = await projection.QueryAsync(UserListFilter.All, null, page, ExportPage, context.RequestAborted);
            foreach (var user in result.Users)
            {
                // A user deleted since the projection read is left out.
                if (await users.AskAsync(new ExportCredential(user.UserId), context.RequestAborted) is CredentialExported exported)
                {
                    await JsonSerializer.SerializeAsync(
                        context.Response.Body,
                        new ExportLineResponse(exported.UserId, exported.Status, exported.PasswordHash),
                        ApiJsonContext.Default.ExportLineResponse,
                        context.RequestAborted);
                    await context.Response.Body.WriteAsync(newline, context.RequestAborted);
                }
            }

            if (page * ExportPage >= result.Total)
            {
                return;
            }
        }
    }

    private static async Task<IResult> RotateAsync(HttpContext context, BearerAuthentication bearer, TokenServices tokens)
    {
        var (claims, problem) = await AdminEndpoints.AuthorizeAsync(context, bearer);
        if (claims is null)
        {
            return problem!;
        }

        var kid = await tokens.Keys.RotateNowAsync(context.RequestAborted);
        return TypedResults.Json(
            new KeyRotationResponse(kid, [.. tokens.Keys.Current.Published.Select(k => new PublishedKeyResponse(k.Kid, k.CreatedAt, k.PublishedUntil))]),
            ApiJsonContext.Default.KeyRotationResponse);
    }

    private static async Task<IResult> ClusterAsync(HttpContext context, BearerAuthentication bearer, NodeStorage storage, IConfiguration configuration)
    {
        var (claims, problem) = await AdminEndpoints.AuthorizeAsync(context, bearer);
        if (claims is null)
        {
            return problem!;
        }

        var report = await ClusterStatusReport.ReadAsync(storage, configuration, context.RequestAborted);
        if (report.Mode == "embedded")
        {
            // This gateway hosts every user itself: no members table, no leases, and every shard is here.
            report = report with { ShardsOwned = report.ShardCount };
        }

        return TypedResults.Json(
            new ClusterResponse(
                report.Mode,
                [.. report.Members.Select(m => new MemberResponse(m.Id, m.Status, m.Roles, m.Shards, m.Address))],
                report.ShardsOwned,
                report.ShardCount),
            ApiJsonContext.Default.ClusterResponse);
    }
}
