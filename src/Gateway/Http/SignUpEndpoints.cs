using AuthActors.Messages;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Http;

/// <summary><c>POST /api/users</c>: sign-up with the HTTP password policy (NIST by default).</summary>
internal static class SignUpEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/users", SignUpAsync)
            .WithName("SignUp")
            .WithSummary("Create an account")
            .Accepts<SignUpRequest>("application/json")
            .Produces<SignUpResponse>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(429).ProducesProblem(503);

    private static async Task<IResult> SignUpAsync(HttpContext context, UserDirectory users, Microsoft.Extensions.Options.IOptions<ApiPolicyOptions> policy)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, ApiJsonContext.Default.SignUpRequest);
        if (body is null)
        {
            return problem!;
        }

        var broken = new List<string>();
        if (body.Id is null)
        {
            broken.Add("id is required");
        }
        else if (UserId.Problem(body.Id) is { } idProblem)
        {
            broken.Add(idProblem);
        }

        if (string.IsNullOrEmpty(body.Password))
        {
            broken.Add("password is required");
        }

        broken.AddRange(ProfileRules.Check(body.Email, body.DisplayName));
        if (broken.Count > 0)
        {
            return Problems.InvalidInput(broken);
        }

        var reply = await users.AskAsync(
            new Register(body.Id!, body.Password!, policy.Value.PasswordPolicy, body.Email, body.DisplayName), context.RequestAborted);
        return reply is Registered registered
            ? TypedResults.Created($"/api/admin/users/{registered.UserId}", new SignUpResponse(registered.UserId))
            : ReplyResults.Failure(reply);
    }
}
