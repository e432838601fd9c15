using AuthActors.Node.Tokens;

namespace AuthActors.Gateway.Http;

/// <summary>What other services read to trust this one: the JWKS and the OpenID Provider metadata.</summary>
internal static class DiscoveryEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/.well-known/jwks.json", (HttpContext context, TokenServices tokens) =>
            {
                // Short caching: verifiers pick up a new key within minutes, and an unknown kid should make them refetch.
                context.Response.Headers.CacheControl = "public, max-age=300";
                return TypedResults.Bytes(tokens.Jwks.ToArray(), JwksDocument.ContentType);
            })
            .WithName("Jwks").WithSummary("The public keys that verify access tokens (RFC 7517)").WithTags("Discovery");
        app.MapGet("/.well-known/openid-configuration", (HttpContext context, TokenServices tokens) =>
            {
                var origin = $"{context.Request.Scheme}://{context.Request.Host}";
                return TypedResults.Json(
                    new DiscoveryResponse(
                        tokens.Options.Issuer,
                        origin + "/.well-known/jwks.json",
                        origin + "/api/token",
                        origin + "/api/token/introspect",
                        origin + "/api/token/revoke",
                        ["ES256"],
                        ["client_secret_basic"],
                        ["password", "refresh_token"]),
                    ApiJsonContext.Default.DiscoveryResponse);
            })
            .WithName("OpenIdConfiguration").WithSummary("Provider metadata: issuer, jwks_uri, token_endpoint").WithTags("Discovery");
    }
}
