using System.Net;
using System.Net.Http.Headers;
using AuthActors.Gateway.Tests.Http;
using AuthActors.TestKit.Fuzzing;

namespace AuthActors.Gateway.Tests.Fuzzing;

/// <summary>
/// Mutated JSON bodies (and bearer tokens) on every API endpoint: the answer is never a 5xx, and every refusal is a
/// problem document saying what was wrong; the gateway serves normally afterwards.
/// </summary>
public sealed class HttpFuzzTests(FuzzFixture fixture) : IClassFixture<FuzzFixture>
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

    private static readonly HttpStatusCode[] Expected =
    [
        HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized,
        HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.RequestEntityTooLarge,
        HttpStatusCode.UnsupportedMediaType, (HttpStatusCode)423, HttpStatusCode.TooManyRequests,
    ];

    [Fact]
    public async Task Mutated_bodies_and_tokens_get_a_clear_4xx_never_a_5xx()
    {
        using var http = fixture.Client();
        var (_, tokens) = await fixture.NewUserWithTokensAsync(http, "fuzz-owner");
        var access = HttpFixture.Text(tokens, "access_token");
        var mutator = new Mutator(8080);
        var cases = await FuzzBudget.RunAsync(async _ =>
        {
            var (method, path, seeds) = Targets[mutator.Below(Targets.Length)];
            var body = mutator.Next(seeds);
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var bearer = mutator.Below(3) switch
            {
                0 => access,
                1 => mutator.NextText([access]),
                _ => null,
            };
            if (bearer is not null && bearer.All(c => c is > ' ' and < (char)127))
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
            }

            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            var context = $"seed {mutator.Seed}, {method} {path} {FuzzBudget.Show(body)} bearer {bearer} answered {(int)response.StatusCode}; "
                + $"gateway said: {FuzzBudget.Tail(fixture.Gateway.Output)}";
            Expected.ShouldContain(response.StatusCode, context);
            if ((int)response.StatusCode >= 400)
            {
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", context);
            }
        });

        cases.ShouldBeGreaterThan(50);
        fixture.Gateway.HasExited.ShouldBeFalse();
        await HttpFixture.PostJsonAsync(http, "/api/token", new { id = "root-admin", password = HttpFixture.AdminPassword });
    }
}
