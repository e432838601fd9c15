using System.Security.Cryptography;
using System.Text.Json;
using AuthActors.Node.Tokens;
using static AuthActors.Node.Tests.Tokens.ForgedTokens;

namespace AuthActors.Node.Tests.Tokens;

public sealed class AccessTokenTests : IAsyncLifetime
{
    private readonly TokenTestBed bed = new();
    private SigningKeyRing ring = null!;
    private AccessTokenIssuer issuer = null!;
    private AccessTokenValidator validator = null!;

    public async ValueTask InitializeAsync()
    {
        ring = await bed.OpenRingAsync();
        issuer = bed.Issuer(ring);
        validator = bed.Validator(ring);
    }

    public ValueTask DisposeAsync() => bed.DisposeAsync();

    [Fact]
    public async Task Issued_token_verifies_with_its_claims()
    {
        var issued = issuer.Issue("alice", "session-1", ["user", "admin"]);

        var check = await validator.ValidateAsync(issued.Token);

        check.IsValid.ShouldBeTrue(check.ToString());
        check.Claims!.Subject.ShouldBe("alice");
        check.Claims.SessionId.ShouldBe("session-1");
        check.Claims.Roles.ShouldBe(["user", "admin"]);
        check.Claims.TokenId.ShouldBe(issued.TokenId);
        check.Claims.ExpiresAt.ShouldBe(bed.Clock.GetUtcNow() + TimeSpan.FromMinutes(10));
        check.Claims.Kid.ShouldBe(ring.Current.SignerKid);
        issued.ExpiresAt.ShouldBe(check.Claims.ExpiresAt);
    }

    [Fact]
    public void Token_header_names_es256_its_kid_and_the_access_token_type()
    {
        var header = JsonDocument.Parse(Decode(Parts(issuer.Issue("alice", "s", []).Token)[0])).RootElement;

        header.GetProperty("alg").GetString().ShouldBe("ES256");
        header.GetProperty("typ").GetString().ShouldBe("at+jwt");
        header.GetProperty("kid").GetString().ShouldBe(ring.Current.SignerKid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("admin")]
    public async Task Roles_are_an_array_even_when_empty_or_one(string role)
    {
        string[] roles = role.Length == 0 ? [] : [role];
        var token = issuer.Issue("alice", "s", roles).Token;

        var payload = JsonDocument.Parse(Decode(Parts(token)[1])).RootElement;
        payload.GetProperty("roles").ValueKind.ShouldBe(JsonValueKind.Array);
        payload.GetProperty("roles").GetArrayLength().ShouldBe(roles.Length);
        (await validator.ValidateAsync(token)).Claims!.Roles.ShouldBe(roles);
    }

    [Fact]
    public void Payload_carries_the_standard_claims()
    {
        var now = bed.Clock.GetUtcNow().ToUnixTimeSeconds();
        var payload = JsonDocument.Parse(Decode(Parts(issuer.Issue("alice", "s", []).Token)[1])).RootElement;

        payload.GetProperty("iss").GetString().ShouldBe("http://localhost:8080");
        payload.GetProperty("aud").GetString().ShouldBe("authactors");
        payload.GetProperty("iat").GetInt64().ShouldBe(now);
        payload.GetProperty("nbf").GetInt64().ShouldBe(now);
        payload.GetProperty("exp").GetInt64().ShouldBe(now + 600);
        payload.GetProperty("sid").GetString().ShouldBe("s");
        payload.GetProperty("jti").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Every_token_gets_its_own_jti() =>
        issuer.Issue("alice", "s", []).TokenId.ShouldNotBe(issuer.Issue("alice", "s", []).TokenId);

    [Fact]
    public async Task Tampered_payload_is_refused_as_bad_signature()
    {
        var parts = Parts(issuer.Issue("alice", "s", ["user"]).Token);
        var payload = Decode(parts[1]).Replace("\"alice\"", "\"admin\"", StringComparison.Ordinal);

        var check = await validator.ValidateAsync($"{parts[0]}.{Segment(payload)}.{parts[2]}");

        check.Reason.ShouldBe(AccessTokenRefusal.BadSignature);
        check.IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task Tampered_signature_is_refused_as_bad_signature()
    {
        var token = issuer.Issue("alice", "s", []).Token;
        var lastDot = token.LastIndexOf('.');
        var signature = token[(lastDot + 1)..].ToCharArray();
        signature[5] = signature[5] == 'A' ? 'B' : 'A';

        (await validator.ValidateAsync(token[..(lastDot + 1)] + new string(signature))).Reason.ShouldBe(AccessTokenRefusal.BadSignature);
    }

    [Fact]
    public async Task Signature_stripped_is_refused_as_bad_signature()
    {
        var token = issuer.Issue("alice", "s", []).Token;

        (await validator.ValidateAsync(token[..(token.LastIndexOf('.') + 1)])).Reason.ShouldBe(AccessTokenRefusal.BadSignature);
    }

    [Fact]
    public async Task Alg_none_token_is_refused()
    {
        var header = $$"""{"alg":"none","typ":"at+jwt","kid":"{{ring.Current.SignerKid}}"}""";

        var check = await validator.ValidateAsync(Unsigned(header, Payload(bed.Clock.GetUtcNow())));

        check.Reason.ShouldBe(AccessTokenRefusal.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task Hs256_token_keyed_with_the_public_key_is_refused()
    {
        // The classic key confusion: a verifier that lets the header pick the algorithm would use the public key
        // (which anyone can fetch) as an HMAC secret.
        var published = ring.Current.Published[^1];
        var header = $$"""{"alg":"HS256","typ":"at+jwt","kid":"{{published.Kid}}"}""";
        var payload = Payload(bed.Clock.GetUtcNow());
        var spki = (await (await bed.OpenStoreAsync()).LoadAllAsync(TestContext.Current.CancellationToken))[0].PublicKey.ToArray();

        foreach (var secret in new[] { spki, ring.Current.Jwks.ToArray(), published.X.Concat(published.Y).ToArray() })
        {
            (await validator.ValidateAsync(Hs256(header, payload, secret))).Reason.ShouldBe(AccessTokenRefusal.AlgorithmNotAllowed);
        }
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES384")]
    [InlineData("es256")]
    [InlineData("")]
    public async Task Any_algorithm_but_es256_is_refused(string alg)
    {
        var header = $$"""{"alg":"{{alg}}","typ":"at+jwt","kid":"{{ring.Current.SignerKid}}"}""";

        (await validator.ValidateAsync(Unsigned(header, Payload(bed.Clock.GetUtcNow())) + "c2ln"))
            .Reason.ShouldBe(AccessTokenRefusal.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task Unknown_kid_is_refused()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var header = """{"alg":"ES256","typ":"at+jwt","kid":"not-ours"}""";

        (await validator.ValidateAsync(Es256(header, Payload(bed.Clock.GetUtcNow()), stranger))).Reason.ShouldBe(AccessTokenRefusal.UnknownKey);
        (await validator.ValidateAsync(Es256("""{"alg":"ES256","typ":"at+jwt"}""", Payload(bed.Clock.GetUtcNow()), stranger)))
            .Reason.ShouldBe(AccessTokenRefusal.UnknownKey);
    }

    [Fact]
    public async Task Our_kid_signed_by_another_key_is_refused_as_bad_signature()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var header = $$"""{"alg":"ES256","typ":"at+jwt","kid":"{{ring.Current.SignerKid}}"}""";

        (await validator.ValidateAsync(Es256(header, Payload(bed.Clock.GetUtcNow()), stranger))).Reason.ShouldBe(AccessTokenRefusal.BadSignature);
    }

    [Fact]
    public async Task Expired_token_is_refused_once_the_clock_skew_has_passed()
    {
        var token = issuer.Issue("alice", "s", []).Token;

        bed.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30));
        (await validator.ValidateAsync(token)).IsValid.ShouldBeTrue();

        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        (await validator.ValidateAsync(token)).Reason.ShouldBe(AccessTokenRefusal.Expired);
    }

    [Fact]
    public async Task Token_from_a_clock_far_ahead_is_not_yet_valid()
    {
        var ahead = new AuthActors.TestKit.ManualTimeProvider(bed.Clock.GetUtcNow().AddMinutes(2));

        var token = bed.Issuer(ring, clock: ahead).Issue("alice", "s", []).Token;

        (await validator.ValidateAsync(token)).Reason.ShouldBe(AccessTokenRefusal.NotYetValid);
    }

    [Fact]
    public async Task Wrong_issuer_is_refused()
    {
        var token = bed.Issuer(ring, new TokenOptions { Issuer = "https://someone-else.example" }).Issue("alice", "s", []).Token;

        (await validator.ValidateAsync(token)).Reason.ShouldBe(AccessTokenRefusal.WrongIssuer);
    }

    [Fact]
    public async Task Token_with_the_issuer_used_before_upgrades_is_still_accepted()
    {
        // As earlier versions signed them: our key, iss "authactors" (no longer a valid setting, so signed here by hand).
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        var legacy = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            TokenType = AccessTokenIssuer.TokenType,
            Issuer = TokenOptions.LegacyIssuer,
            Audience = bed.Options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = ring.Current.Signer,
            Claims = new Dictionary<string, object> { ["sub"] = "alice", ["sid"] = "s", ["roles"] = Array.Empty<string>(), ["jti"] = "j1" },
        });

        (await validator.ValidateAsync(legacy)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Wrong_audience_is_refused()
    {
        var token = bed.Issuer(ring, new TokenOptions { Audience = "another-api" }).Issue("alice", "s", []).Token;

        (await validator.ValidateAsync(token)).Reason.ShouldBe(AccessTokenRefusal.WrongAudience);
    }

    [Fact]
    public async Task A_signed_token_of_another_type_is_refused()
    {
        var header = $$"""{"alg":"ES256","typ":"JWT","kid":"{{ring.Current.SignerKid}}"}""";
        var token = Es256(header, Payload(bed.Clock.GetUtcNow()), ring.Current.Signer.Key is Microsoft.IdentityModel.Tokens.ECDsaSecurityKey key ? key.ECDsa : throw new InvalidOperationException());

        (await validator.ValidateAsync(token)).Reason.ShouldBe(AccessTokenRefusal.WrongType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d.e")]
    [InlineData("!!!.e30.c2ln")]
    [InlineData("e30.e30.c2ln")]
    [InlineData("W10.e30.c2ln")]
    public async Task Malformed_input_is_refused_without_an_exception(string? token) =>
        (await validator.ValidateAsync(token)).Reason.ShouldBeOneOf(AccessTokenRefusal.Malformed, AccessTokenRefusal.AlgorithmNotAllowed);

    [Fact]
    public async Task Header_that_is_not_json_is_malformed()
    {
        (await validator.ValidateAsync($"{Segment("{not json")}.e30.c2ln")).Reason.ShouldBe(AccessTokenRefusal.Malformed);
        (await validator.ValidateAsync($"{Segment("""{"alg":"ES256","alg":"none"}""")}.e30.c2ln")).Reason.ShouldBe(AccessTokenRefusal.Malformed);
        (await validator.ValidateAsync("a.b")).Reason.ShouldBe(AccessTokenRefusal.Malformed);
    }

    [Fact]
    public async Task Header_with_a_string_that_is_not_utf8_is_malformed_not_an_exception()
    {
        // Found by TokenParserFuzzTests: GetString threw InvalidOperationException, a 500 at the edge.
        var header = System.Buffers.Text.Base64Url.EncodeToString([.. "{\"alg\":\"ES256\",\"kid\":\""u8, 0xE1, .. "\"}"u8]);
        (await validator.ValidateAsync($"{header}.e30.c2ln")).Reason.ShouldBe(AccessTokenRefusal.Malformed);
    }

    [Fact]
    public async Task Properly_signed_token_without_a_session_is_malformed()
    {
        var header = $$"""{"alg":"ES256","typ":"at+jwt","kid":"{{ring.Current.SignerKid}}"}""";
        var payload = Payload(bed.Clock.GetUtcNow()).Replace("\"sid\":\"s1\",", "", StringComparison.Ordinal);
        var key = ((Microsoft.IdentityModel.Tokens.ECDsaSecurityKey)ring.Current.Signer.Key).ECDsa;

        (await validator.ValidateAsync(Es256(header, Payload(bed.Clock.GetUtcNow()), key))).IsValid.ShouldBeTrue();
        (await validator.ValidateAsync(Es256(header, payload, key))).Reason.ShouldBe(AccessTokenRefusal.Malformed);
    }

    [Fact]
    public async Task Many_threads_issue_and_validate_at_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var valid = 0;
            for (var i = 0; i < 200; i++)
            {
                var token = issuer.Issue($"user{t}", $"s{i}", ["user"]).Token;
                var check = await validator.ValidateAsync(token);
                valid += check.IsValid && check.Claims!.Subject == $"user{t}" ? 1 : 0;
            }

            return valid;
        }, TestContext.Current.CancellationToken)));

        results.ShouldAllBe(valid => valid == 200);
    }
}
