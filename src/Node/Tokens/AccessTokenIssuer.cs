using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Node.Tokens;

/// <summary>An issued access token and when it expires (the <c>exp</c> claim).</summary>
public sealed record IssuedAccessToken(string Token, string TokenId, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues ES256 access tokens (RFC 9068 profile) with the ring's newest key. Thread-safe and allocation-light: each
/// call reads one key snapshot and builds one token.
/// </summary>
public sealed class AccessTokenIssuer
{
    /// <summary>The <c>typ</c> header of an access token (RFC 9068).</summary>
    public const string TokenType = "at+jwt";

    private readonly SigningKeyRing ring;
    private readonly TokenOptions options;
    private readonly TimeProvider time;
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>An issuer signing with the ring's current key.</summary>
    public AccessTokenIssuer(SigningKeyRing ring, TokenOptions options, TimeProvider time)
    {
        this.ring = ring ?? throw new ArgumentNullException(nameof(ring));
        this.options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        this.time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>A token for a user's session: <c>sub</c>, <c>sid</c>, <c>roles</c> (always an array), and the standard claims.</summary>
    public IssuedAccessToken Issue(string subject, string sessionId, IReadOnlyCollection<string> roles)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(roles);

        // Whole seconds, as the claims carry them, so ExpiresAt is exactly the token's exp.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var expiresAt = now + options.AccessTokenLifetime;
        var tokenId = NewTokenId();
        var descriptor = new SecurityTokenDescriptor
        {
            TokenType = TokenType,
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = ring.Current.Signer,
            Claims = new Dictionary<string, object>(4, StringComparer.Ordinal)
            {
                [JwtRegisteredClaimNames.Sub] = subject,
                [JwtRegisteredClaimNames.Sid] = sessionId,
                [AccessTokenClaims.RolesClaim] = roles.ToArray(),
                [JwtRegisteredClaimNames.Jti] = tokenId,
            },
        };
        return new IssuedAccessToken(handler.CreateToken(descriptor), tokenId, expiresAt);
    }

    private static string NewTokenId()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }
}
