using System.Buffers.Text;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Gateway.Tests.Http;

public sealed class BadInputTests(HttpFixture fixture) : IClassFixture<HttpFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Raw(string body, string contentType = "application/json") => new(body, Encoding.UTF8, contentType);

    private static HttpRequestMessage Chunked(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Raw(body) };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    [Fact]
    public async Task Malformed_json_is_400_with_a_problem_body()
    {
        using var http = fixture.Client();
        var problem = await HttpFixture.ProblemAsync(await http.PostAsync("/api/token", Raw("{\"id\": \"a\", "), Ct), 400);
        problem["detail"]!.GetValue<string>().ShouldContain("not valid JSON");
    }

    [Fact]
    public async Task Wrong_types_are_400_and_never_echo_the_body()
    {
        using var http = fixture.Client();
        var problem = await HttpFixture.ProblemAsync(await http.PostAsync("/api/token", Raw("""{"id": 42, "password": "secret-value-123"}"""), Ct), 400);
        problem["detail"]!.GetValue<string>().ShouldContain("$.id");
        problem.ToJsonString().ShouldNotContain("secret-value-123");
    }

    [Fact]
    public async Task Missing_fields_are_400_naming_each()
    {
        using var http = fixture.Client();
        var problem = await HttpFixture.ProblemAsync(await http.PostAsync("/api/users", Raw("{}"), Ct), 400);
        problem["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(["id is required", "password is required"]);
        await HttpFixture.ProblemAsync(await http.PostAsync("/api/token/refresh", Raw("{}"), Ct), 400);
        await HttpFixture.ProblemAsync(await http.PostAsync("/api/token", Raw("[]"), Ct), 400);
        await HttpFixture.ProblemAsync(await http.PostAsync("/api/token", Raw("null"), Ct), 400);
    }

    [Theory]
    [InlineData("\u001b[2Kroot", null)]
    [InlineData("alice\u202e", null)]
    [InlineData(null, "\u202etnemyap")]
    [InlineData(null, "csi\u009b2K")]
    public async Task Sign_up_refuses_control_and_bidi_characters_in_the_id_and_display_name(string? badId, string? displayName)
    {
        using var http = fixture.Client();
        var id = badId ?? GatewayFixture.NewId("bidi");
        var problem = await HttpFixture.ProblemAsync(
            await http.PostAsJsonAsync("/api/users", new { id, password = "correct horse battery", display_name = displayName }, Ct), 400);
        HttpFixture.Text(problem, "detail").ShouldContain("control characters and bidirectional overrides are not allowed");
    }

    [Fact]
    public async Task Password_policy_breaks_are_listed_one_per_rule()
    {
        using var http = fixture.Client();
        var problem = await HttpFixture.ProblemAsync(
            await http.PostAsJsonAsync("/api/users", new { id = "bad id!", password = "short", email = "nope" }, Ct), 400);
        problem["errors"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_one_mebibyte_body_is_413()
    {
        using var http = fixture.Client();
        var body = "{\"id\":\"" + new string('a', 1024 * 1024) + "\"}";
        await HttpFixture.ProblemAsync(await http.PostAsync("/api/token", Raw(body), Ct), 413);
    }

    [Fact]
    public async Task A_body_without_a_content_length_is_read_whole_up_to_the_limit()
    {
        // Sent chunked, so the gateway learns the size only by reading: a body past its first 4 KiB buffer is read
        // whole (a wrong password, 401, shows it was parsed), one byte over the 16 KiB limit is 413.
        using var http = fixture.Client();
        var padded = "{\"id\": \"nobody-chunked\", \"password\": \"wrong-password-123\"" + new string(' ', 10_000) + "}";
        await HttpFixture.ProblemAsync(await http.SendAsync(Chunked("/api/token", padded), Ct), 401);
        var overLimit = "{\"id\": \"a\"" + new string(' ', 16 * 1024 - 10) + "}";
        Encoding.UTF8.GetByteCount(overLimit).ShouldBe(16 * 1024 + 1);
        await HttpFixture.ProblemAsync(await http.SendAsync(Chunked("/api/token", overLimit), Ct), 413);
        await HttpFixture.ProblemAsync(await http.SendAsync(Chunked("/api/token", "{\"id\": \"a\"} trailing"), Ct), 400);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var http = fixture.Client();
        await HttpFixture.ProblemAsync(await http.PostAsync("/api/token", Raw("id=a&password=b", "application/x-www-form-urlencoded"), Ct), 415);
        await HttpFixture.ProblemAsync(await http.PostAsync("/api/users", Raw("{}", "text/plain"), Ct), 415);
    }

    [Fact]
    public async Task Taken_id_is_409()
    {
        using var http = fixture.Client();
        var (id, _) = await fixture.NewUserWithTokensAsync(http, "taken");
        await HttpFixture.ProblemAsync(await http.PostAsJsonAsync("/api/users", new { id, password = "correct horse battery" }, Ct), 409);
    }

    [Fact]
    public async Task Locked_account_is_423_with_the_seconds_left_and_retry_after()
    {
        using var http = fixture.Client();
        var (id, _) = await fixture.NewUserWithTokensAsync(http, "locked");
        for (var i = 0; i < 2; i++)
        {
            await HttpFixture.ProblemAsync(await http.PostAsJsonAsync("/api/token", new { id, password = "wrong password!" }, Ct), 401);
        }

        var locked = await http.PostAsJsonAsync("/api/token", new { id, password = "wrong password!" }, Ct);
        var problem = await HttpFixture.ProblemAsync(locked, 423);
        problem["detail"]!.GetValue<string>().ShouldContain("seconds");
        locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        await HttpFixture.ProblemAsync(await http.PostAsJsonAsync("/api/token", new { id, password = "correct horse battery" }, Ct), 423);
    }

    [Fact]
    public async Task Bad_tampered_alg_none_and_unknown_kid_tokens_are_401_each_saying_why()
    {
        using var http = fixture.Client();
        var (_, tokens) = await fixture.NewUserWithTokensAsync(http, "attack");
        var access = HttpFixture.Text(tokens, "access_token");
        var parts = access.Split('.');
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!.AsObject();
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();

        async Task<string> DetailAsync(string token) =>
            (await HttpFixture.ProblemAsync(await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/me", token), Ct), 401))["detail"]!.GetValue<string>();

        (await DetailAsync("not-a-token")).ShouldContain("malformed");

        payload["sub"] = "root-admin";
        var tampered = $"{parts[0]}.{Encode(payload)}.{parts[2]}";
        (await DetailAsync(tampered)).ShouldContain("signature");

        var noneHeader = header.DeepClone().AsObject();
        noneHeader["alg"] = "none";
        (await DetailAsync($"{Encode(noneHeader)}.{parts[1]}.")).ShouldContain("ES256");

        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var foreign = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "at+jwt",
            Issuer = "authactors",
            Audience = "authactors",
            Claims = new Dictionary<string, object> { ["sub"] = "x", ["sid"] = "y", ["jti"] = "z", ["roles"] = new[] { "admin" } },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(stranger) { KeyId = "not-ours" }, SecurityAlgorithms.EcdsaSha256),
        });
        (await DetailAsync(foreign)).ShouldContain("unknown key");

        var wrongScheme = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        wrongScheme.Headers.TryAddWithoutValidation("Authorization", "Basic abc");
        await HttpFixture.ProblemAsync(await http.SendAsync(wrongScheme, Ct), 401);
    }

    [Fact]
    public async Task Bad_refresh_tokens_are_401_with_one_answer()
    {
        using var http = fixture.Client();
        var a = await http.PostAsJsonAsync("/api/token/refresh", new { refresh_token = "garbage" }, Ct);
        var b = await http.PostAsJsonAsync("/api/token/refresh", new { refresh_token = "rt1.YWxpY2U.c2Vzc2lvbg.c2VjcmV0" }, Ct);
        (await HttpFixture.ProblemAsync(a, 401)).ToJsonString().ShouldBe((await HttpFixture.ProblemAsync(b, 401)).ToJsonString());
    }

    [Fact]
    public async Task Unknown_paths_are_404_problems()
    {
        using var http = fixture.Client();
        await HttpFixture.ProblemAsync(await http.GetAsync("/api/nothing-here", Ct), 404);
    }

    private static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));
}
