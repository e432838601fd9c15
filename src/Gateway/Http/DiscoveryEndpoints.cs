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
        app.MapGet("/.well-known/openid-configuration", (TokenServices tokens) =>
            {
                // Every URL from the configured issuer, never from the Host header: a forged Host must not be able to
                // point a verifier (or a cache in front of us) at another key set or token endpoint.
                var issuer = tokens.Options.Issuer;
                var origin = issuer.TrimEnd('/');
                return TypedResults.Json(
                    new DiscoveryResponse(
                        issuer,
                        origin + "/.well-known/jwks.json",
                        origin + "/api/token",
                        origin + "/api/token/introspect",
                        origin + "/api/token/revoke",
                        ["ES256"],
                        ["client_secret_basic"],
                        // The password grant still works at the token endpoint, but RFC 9700 (2.4) says it must not be
                        // used, so it is not offered to clients that pick grants from discovery.
                        ["refresh_token"]),
                    ApiJsonContext.Default.DiscoveryResponse);
            })
            .WithName("OpenIdConfiguration").WithSummary("Provider metadata: issuer, jwks_uri, token_endpoint").WithTags("Discovery");
    }
}
