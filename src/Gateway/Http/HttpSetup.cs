using System.Text.Json;
using System.Text.Json.Serialization;
using AuthActors.Node.Hosting;
using AuthActors.Node.Projections;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Http;

/// <summary>Registers and wires the HTTP API: options, JSON, rate limits, authentication helpers, projection, OpenAPI.</summary>
internal static class HttpSetup
{
    /// <summary>Adds the API's services and returns its bound options (Kestrel needs them before the host is built).</summary>
    public static HttpOptions AddHttpApi(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("gateway:http");
        services.AddOptions<HttpOptions>().Bind(section);
        services.AddOptions<ApiPolicyOptions>().Bind(section);
        var options = section.Get<HttpOptions>() ?? new HttpOptions();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });
        RateLimits.AddPerAddress(services, options);
        services.AddSingleton<RateLimits>();
        services.AddSingleton<IntrospectionClients>();
        services.AddSingleton<BearerAuthentication>();
        services.AddSingleton(sp => new UserListProjection(
            sp.GetRequiredService<NodeStorage>().EventLog, UserPersistenceSerializer.Create(), sp.GetRequiredService<TimeProvider>()));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "AuthActors";
            document.Info.Description = "Sign-up, tokens (ES256 JWT access, rotating refresh), the caller's account, and administration.";
            return Task.CompletedTask;
        }));
        return options;
    }

    /// <summary>Adds the middleware and endpoints.</summary>
    public static void UseHttpApi(WebApplication app)
    {
        // Routing's own refusals (no such path, wrong method, a body type an endpoint does not take) come without
        // a body; they get a problem like every other error.
        app.UseStatusCodePages(context => context.HttpContext.Response.HasStarted
            ? Task.CompletedTask
            : Problems.ForStatus(context.HttpContext).ExecuteAsync(context.HttpContext));
        app.UseRateLimiter();
        HttpApi.Map(app);
        Web.WebPages.Map(app);
    }
}
