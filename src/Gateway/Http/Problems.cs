using System.Globalization;
using AuthActors.Messages;

namespace AuthActors.Gateway.Http;

/// <summary>
/// RFC 9457 problem details for every error the API gives, with standard status codes only. A rejection's code is
/// its status; the reasons become <c>errors</c>, one per broken rule; waiting is told in <c>Retry-After</c>.
/// </summary>
internal static class Problems
{
    private const string ContentType = "application/problem+json";

    /// <summary>The answer for a rejection from a user.</summary>
    public static IResult From(Rejected rejected)
    {
        var status = (int)rejected.Code;
        var retryAfter = rejected.RetryAfter is { } wait ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : (int?)null;
        return Create(status, rejected.Message, rejected.Reasons.Count > 1 ? rejected.Reasons : null, retryAfter);
    }

    /// <summary>400 with one message per broken rule.</summary>
    public static IResult InvalidInput(params IReadOnlyList<string> reasons) =>
        Create(400, reasons[0], reasons.Count > 1 ? reasons : null, null);

    /// <summary>401 for a missing, bad or expired access token, with the RFC 6750 challenge.</summary>
    public static IResult InvalidToken(string detail) =>
        new ProblemResult(new ProblemResponse(TypeOf(401), "Unauthorized", 401, detail), null, $"Bearer error=\"invalid_token\", error_description=\"{detail}\"");

    /// <summary>401 for a request that carries no access token at all.</summary>
    public static IResult MissingToken() =>
        new ProblemResult(new ProblemResponse(TypeOf(401), "Unauthorized", 401, "an access token is required (Authorization: Bearer ...)"), null, "Bearer");

    /// <summary>403 for a caller without the role.</summary>
    public static IResult Forbidden(string detail) => Create(403, detail, null, null);

    /// <summary>404.</summary>
    public static IResult NotFound(string detail) => Create(404, detail, null, null);

    /// <summary>413 for a body over the limit.</summary>
    public static IResult TooLarge(int limit) =>
        Create(413, string.Create(CultureInfo.InvariantCulture, $"the body is larger than {limit} bytes"), null, null);

    /// <summary>415 for a body that is not JSON.</summary>
    public static IResult UnsupportedMediaType() => Create(415, "the body must be JSON (Content-Type: application/json)", null, null);

    /// <summary>429 with the time to wait.</summary>
    public static IResult RateLimited(TimeSpan retryAfter) =>
        Create(429, "too many requests, slow down", null, Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)));

    /// <summary>The problem for a status that routing set without a body.</summary>
    public static IResult ForStatus(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var detail = status switch
        {
            404 => $"no such resource: {context.Request.Method} {context.Request.Path}",
            405 => $"{context.Request.Method} is not allowed on {context.Request.Path}",
            415 => "the body must be JSON (Content-Type: application/json)",
            _ => TitleOf(status),
        };
        return Create(status, detail, null, null);
    }

    /// <summary>A problem with any status.</summary>
    public static IResult Create(int status, string detail, IReadOnlyList<string>? errors, int? retryAfter) =>
        new ProblemResult(new ProblemResponse(TypeOf(status), TitleOf(status), status, detail, errors, retryAfter), retryAfter, null);

    private static string TypeOf(int status) => string.Create(CultureInfo.InvariantCulture, $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}");

    private static string TitleOf(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        423 => "Locked",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };

    private sealed class ProblemResult(ProblemResponse problem, int? retryAfter, string? challenge) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = problem.Status;
            response.Headers.CacheControl = "no-store";
            if (retryAfter is { } seconds)
            {
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            if (challenge is not null)
            {
                response.Headers.WWWAuthenticate = challenge;
            }

            return response.WriteAsJsonAsync(problem, ApiJsonContext.Default.ProblemResponse, ContentType, httpContext.RequestAborted);
        }
    }
}
