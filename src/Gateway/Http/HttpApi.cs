namespace AuthActors.Gateway.Http;

/// <summary>Puts the JSON API together: discovery, sign-up, tokens, me, admin, and the OpenAPI document.</summary>
internal static class HttpApi
{
    public static void Map(WebApplication app)
    {
        DiscoveryEndpoints.Map(app);
        var api = app.MapGroup("/api").RequireRateLimiting(RateLimits.PerAddressPolicy);
        SignUpEndpoints.Map(api);
        TokenEndpoints.Map(api.MapGroup("").WithTags("Tokens"));
        MeEndpoints.Map(api);
        AdminEndpoints.Map(api);
        AdminUserEndpoints.Map(api);
        AdminServiceEndpoints.Map(api);
        app.MapOpenApi("/openapi/{documentName}.json");

    }
}
