using System.Reflection;
using AuthActors.Gateway.Http;
using AuthActors.Node.Hosting;
using AuthActors.Node.Projections;
using AuthActors.Node.Users;
using Microsoft.AspNetCore.DataProtection;

namespace AuthActors.Gateway.Web;

/// <summary>
/// The server-rendered web pages on the HTTP port, beside the JSON API and on the same users: minimal endpoints
/// rendering encoded HTML, one stylesheet, no script, cookies for the tokens and two layers against forged forms.
/// </summary>
internal static class WebPages
{
    private const string StylesheetResource = "AuthActors.Gateway.Web.site.css";

    // No script at all; styles and forms only from this origin; never framed; nothing else loads.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Adds the pages' services; the antiforgery keys live in the data directory so restarts keep open forms valid.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.AddDataProtection()
            .SetApplicationName("AuthActors")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "web-keys")));
        services.AddAntiforgery(options =>
        {
            options.FormFieldName = FormGuard.FieldName;
            options.Cookie.Name = "authactors_antiforgery";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // frame-ancestors 'none' in the policy, and X-Frame-Options DENY below, already forbid framing.
            options.SuppressXFrameOptionsHeader = true;
        });
        services.AddOptions<WebPageOptions>().Configure(o =>
            o.WithdrawalCooldown = (configuration.GetSection("users").Get<AccountOptions>() ?? new AccountOptions()).WithdrawalCooldown);
        services.AddSingleton<FormGuard>();
        services.AddSingleton<BrowserSession>();
        services.AddSingleton<MemberPageView>();
        services.AddSingleton(sp => new UserHistory(sp.GetRequiredService<NodeStorage>().Journal, UserPersistenceSerializer.Create()));
    }

    /// <summary>Adds the security headers for every page and maps the pages and the stylesheet.</summary>
    public static void Map(WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
            }

            return next(context);
        });

        var pages = app.MapGroup("").RequireRateLimiting(RateLimits.PerAddressPolicy).ExcludeFromDescription();
        pages.MapGet("/site.css", Stylesheet);
        AccountPages.Map(pages);
        MemberPages.Map(pages);
        AdminPages.Map(pages);
    }

    private static IResult Stylesheet(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(StylesheetResource)
            ?? throw new InvalidOperationException($"the stylesheet {StylesheetResource} is not embedded");
        return Results.Stream(stream, "text/css; charset=utf-8");
    }
}
