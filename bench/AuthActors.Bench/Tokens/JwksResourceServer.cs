using System.Text;
using AuthActors.Node.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Bench.Tokens;

/// <summary>
/// Another service validating AuthActors' access tokens as its documentation tells it to: Microsoft.IdentityModel's
/// <see cref="JsonWebTokenHandler"/> with the keys of the published JWKS (<c>/.well-known/jwks.json</c>), the issuer,
/// the audience, ES256 only and the <c>at+jwt</c> type. None of AuthActors' own validation code is on this path.
/// </summary>
internal sealed class JwksResourceServer(ReadOnlyMemory<byte> jwks, TokenOptions options)
{
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters parameters = new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKeys = JsonWebKeySet.Create(Encoding.UTF8.GetString(jwks.Span)).GetSigningKeys(),
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        ValidTypes = [AccessTokenIssuer.TokenType],
        ClockSkew = options.ClockSkew,
    };

    /// <summary>True when <paramref name="token"/> is valid for this service.</summary>
    public async Task<bool> ValidateAsync(string token) => (await handler.ValidateTokenAsync(token, parameters)).IsValid;
}
