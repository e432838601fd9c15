using System.Buffers.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Node.Tokens;

/// <summary>
/// Validates access tokens against the ring's published public keys only. The header is read first, by hand, so that
/// the algorithm, type and key are decided before any cryptography and each refusal has one clear reason; the
/// signature, issuer and audience are then checked by IdentityModel with parameters cached per key snapshot, and the
/// lifetime against the injected clock. Thread-safe; bad input is a refusal, never an exception.
/// </summary>
public sealed class AccessTokenValidator
{
    // Far above any token this service issues; bounds the work an attacker can ask for.
    private const int MaxTokenLength = 8 * 1024;
    private const int MaxHeaderLength = 1024;

    private readonly SigningKeyRing ring;
    private readonly TokenOptions options;
    private readonly TimeProvider time;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    /// <summary>A validator reading the ring's current keys.</summary>
    public AccessTokenValidator(SigningKeyRing ring, TokenOptions options, TimeProvider time)
    {
        this.ring = ring ?? throw new ArgumentNullException(nameof(ring));
        this.options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        this.time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The token's claims, or why it is refused.</summary>
    public async ValueTask<AccessTokenCheck> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return AccessTokenCheck.Refused(AccessTokenRefusal.Malformed);
        }

        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        var secondDot = firstDot < 0 ? -1 : token.IndexOf('.', firstDot + 1);
        if (secondDot < 0 || token.IndexOf('.', secondDot + 1) >= 0)
        {
            return AccessTokenCheck.Refused(AccessTokenRefusal.Malformed);
        }

        var header = ReadHeader(token.AsSpan(0, firstDot));
        if (header.Refusal is { } refusal)
        {
            return AccessTokenCheck.Refused(refusal);
        }

        if (header.Kid is null || !ring.Current.TryGetValidation(header.Kid, out var parameters))
        {
            return AccessTokenCheck.Refused(AccessTokenRefusal.UnknownKey);
        }

        if (secondDot == token.Length - 1)
        {
            return AccessTokenCheck.Refused(AccessTokenRefusal.BadSignature);
        }

        TokenValidationResult result;
        try
        {
            result = await handler.ValidateTokenAsync(token, parameters);
        }
        catch (Exception error) when (error is ArgumentException or SecurityTokenException or JsonException or FormatException or InvalidOperationException)
        {
            return AccessTokenCheck.Refused(AccessTokenRefusal.Malformed);
        }

        if (!result.IsValid)
        {
            return AccessTokenCheck.Refused(Classify(result.Exception));
        }

        return result.SecurityToken is JsonWebToken jwt
            ? CheckClaims(jwt, header.Kid)
            : AccessTokenCheck.Refused(AccessTokenRefusal.Malformed);
    }

    private AccessTokenCheck CheckClaims(JsonWebToken jwt, string kid)
    {
        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var exp)
            || !jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Sub, out var subject) || string.IsNullOrEmpty(subject)
            || !jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Sid, out var sessionId) || string.IsNullOrEmpty(sessionId)
            || !jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Jti, out var tokenId) || string.IsNullOrEmpty(tokenId)
            || !jwt.TryGetPayloadValue<string[]>(AccessTokenClaims.RolesClaim, out var roles) || roles is null)
        {
            return AccessTokenCheck.Refused(AccessTokenRefusal.Malformed);
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)options.ClockSkew.TotalSeconds;
        if (now > exp + skew)
        {
            return AccessTokenCheck.Refused(AccessTokenRefusal.Expired);
        }

        if (jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out var notBefore) && now + skew < notBefore)
        {
            return AccessTokenCheck.Refused(AccessTokenRefusal.NotYetValid);
        }

        return AccessTokenCheck.Valid(
            new AccessTokenClaims(subject, sessionId, roles, tokenId, DateTimeOffset.FromUnixTimeSeconds(exp), kid));
    }

    private static AccessTokenRefusal Classify(Exception? error) => error switch
    {
        // Subclasses before their bases: a missing key is an invalid signature to IdentityModel.
        SecurityTokenSignatureKeyNotFoundException => AccessTokenRefusal.UnknownKey,
        SecurityTokenInvalidSignatureException => AccessTokenRefusal.BadSignature,
        SecurityTokenInvalidAlgorithmException => AccessTokenRefusal.AlgorithmNotAllowed,
        SecurityTokenInvalidTypeException => AccessTokenRefusal.WrongType,
        SecurityTokenInvalidIssuerException => AccessTokenRefusal.WrongIssuer,
        SecurityTokenInvalidAudienceException => AccessTokenRefusal.WrongAudience,
        SecurityTokenExpiredException => AccessTokenRefusal.Expired,
        SecurityTokenNotYetValidException => AccessTokenRefusal.NotYetValid,
        _ => AccessTokenRefusal.Malformed,
    };

    private static Header ReadHeader(ReadOnlySpan<char> encoded)
    {
        if (encoded.IsEmpty || encoded.Length > MaxHeaderLength)
        {
            return new Header(AccessTokenRefusal.Malformed, null);
        }

        Span<byte> json = stackalloc byte[Base64Url.GetMaxDecodedLength(MaxHeaderLength)];
        if (!Base64Url.IsValid(encoded) || !Base64Url.TryDecodeFromChars(encoded, json, out var length))
        {
            return new Header(AccessTokenRefusal.Malformed, null);
        }

        string? alg = null;
        string? typ = null;
        string? kid = null;
        try
        {
            var reader = new Utf8JsonReader(json[..length]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return new Header(AccessTokenRefusal.Malformed, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                if (name.SequenceEqual("crit"u8))
                {
                    // No extension is understood here, so RFC 7515 says refuse.
                    return new Header(AccessTokenRefusal.Malformed, null);
                }

                ref var slot = ref alg;
                var known = true;
                if (name.SequenceEqual("typ"u8))
                {
                    slot = ref typ;
                }
                else if (name.SequenceEqual("kid"u8))
                {
                    slot = ref kid;
                }
                else if (!name.SequenceEqual("alg"u8))
                {
                    known = false;
                }

                reader.Read();
                if (!known)
                {
                    reader.Skip();
                    continue;
                }

                // A repeated or non-string member could be read differently by another parser: refuse it.
                if (slot is not null || reader.TokenType != JsonTokenType.String)
                {
                    return new Header(AccessTokenRefusal.Malformed, null);
                }

                slot = reader.GetString();
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return new Header(AccessTokenRefusal.Malformed, null);
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string member that is not valid UTF-8 (GetString transcodes it); found by
            // the token fuzzer, which turned it into a 500 on every bearer-authenticated endpoint.
            return new Header(AccessTokenRefusal.Malformed, null);
        }

        if (!string.Equals(alg, SigningKeySet.Algorithm, StringComparison.Ordinal))
        {
            return new Header(AccessTokenRefusal.AlgorithmNotAllowed, null);
        }

        if (!string.Equals(typ, AccessTokenIssuer.TokenType, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(typ, "application/" + AccessTokenIssuer.TokenType, StringComparison.OrdinalIgnoreCase))
        {
            return new Header(AccessTokenRefusal.WrongType, null);
        }

        return new Header(null, kid);
    }

    private readonly record struct Header(AccessTokenRefusal? Refusal, string? Kid);
}
