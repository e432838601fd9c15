using System.Net;
using System.Net.Http.Headers;

namespace AuthActors.TestKit.Fuzzing;

/// <summary>
/// Mutated JSON bodies, and sometimes mutated bearer tokens, on the API's endpoints. The rules: never a 5xx or a
/// status outside the documented ones, and every refusal is a problem document.
/// </summary>
public static class HttpFuzzer
{
    private static readonly (HttpMethod Method, string Path, string[] Seeds)[] Targets =
    [
        (HttpMethod.Post, "/api/users", ["{\"id\":\"fuzz-api\",\"password\":\"correct horse battery\",\"email\":\"a@example.org\",\"display_name\":\"Ann\"}"]),
        (HttpMethod.Post, "/api/token", ["{\"id\":\"fuzz-api\",\"password\":\"correct horse battery\",\"device_token\":\"dv1.AAAAAAAAAAAAAAAAAAAAAA.AAAA\"}"]),
        (HttpMethod.Post, "/api/token/refresh", ["{\"refresh_token\":\"rt1.ZnV6ei1hcGk.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}"]),
        (HttpMethod.Post, "/api/token/revoke", ["{\"token\":\"rt1.ZnV6ei1hcGk.AAAAAAAAAAAAAAAAAAAAAA.AAAA\",\"scope\":\"all\"}", "{\"token\":\"eyJhbGciOiJFUzI1NiJ9.e30.AAAA\"}"]),
        (HttpMethod.Post, "/api/token/introspect", ["{\"token\":\"rt1.a.b.c\"}"]),
        (HttpMethod.Put, "/api/me/password", ["{\"old_password\":\"correct horse battery\",\"new_password\":\"another horse battery\"}"]),
    ];

    private static readonly HashSet<HttpStatusCode> Documented =
    [
        HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized,
        HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.RequestEntityTooLarge,
        HttpStatusCode.UnsupportedMediaType, (HttpStatusCode)423, HttpStatusCode.TooManyRequests,
    ];

    /// <summary>Fuzzes the API at <paramref name="http"/> for <paramref name="budget"/>; <paramref name="accessToken"/> is a live one.</summary>
    public static async Task<FuzzReport> ApiAsync(HttpClient http, string accessToken, int seed, TimeSpan budget)
    {
        var mutator = new Mutator(seed);
        var tally = new FuzzTally("HTTP API: JSON bodies and bearer tokens");
        var until = DateTime.UtcNow + budget;
        while (DateTime.UtcNow < until)
        {
            var (method, path, seeds) = Targets[mutator.Below(Targets.Length)];
            var body = mutator.Next(seeds);
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var bearer = mutator.Below(3) switch
            {
                0 => accessToken,
                1 => mutator.NextText([accessToken]),
                _ => null,
            };
            if (bearer is not null && bearer.All(c => c is > ' ' and < (char)127))
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
            }

            tally.Tried();
            using var response = await http.SendAsync(request);
            var status = (int)response.StatusCode;
            var problem = status < 400 || response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            if (!Documented.Contains(response.StatusCode) || !problem)
            {
                tally.Failed($"seed {mutator.Seed}: {method} {path} {Convert.ToHexString(body.AsSpan(0, Math.Min(body.Length, 256)))} bearer {bearer} answered {status}"
                    + (problem ? "" : " without a problem document"));
                continue;
            }

            tally.Answered($"{method} {path} {status}");
        }

        return tally.Report();
    }
}
