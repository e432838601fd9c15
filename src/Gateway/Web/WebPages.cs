using System.Reflection;
using AuthActors.Gateway.Http;
using AuthActors.Node.Hosting;
using AuthActors.Node.Projections;
using AuthActors.Node.Users;
using AuthActors.Node.Tokens;
using AuthActors.Runtime.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace AuthActors.Gateway.Web;

/// <summary>
/// The server-rendered web pages on the HTTP port, beside the JSON API and on the same users: minimal endpoints
/// rendering encoded HTML, one stylesheet, one small script (the messages page), cookies for the tokens and two layers against forged forms.
/// </summary>
internal static class WebPages
{
    private const string StylesheetResource = "AuthActors.Gateway.Web.site.css";
    private const string MessagesScriptResource = "AuthActors.Gateway.Web.messages.js";

    // No script at all; styles and forms only from this origin; never framed; nothing else loads.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// The messages page's policy: the same, plus scripts from this origin only (never inline) and connections
    /// (its event stream and fetch) to this origin only.
    /// </summary>
    public const string ScriptPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// Adds the pages' services. The antiforgery keys live in <c>gateway.http.web-keys-dir</c>, by default
    /// <c>&lt;data&gt;/web-keys</c>, so restarts keep open forms valid; gateways behind one address share that directory.
    /// They are written encrypted (<see cref="WebKeyEncryption"/>); keys written in clear by earlier versions are still read.
    /// </summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string dataDirectory, TokenServices tokens)
    {
        var keys = configuration.GetValue<string>("gateway:http:web-keys-dir") is { Length: > 0 } shared ? shared : Path.Combine(dataDirectory, "web-keys");
        PrivateFiles.CreateDirectory(keys);
        services.AddSingleton(new WebKeyEncryption(tokens.ProtectorFor(WebKeyEncryption.Purpose)));
        services.AddDataProtection()
            .SetApplicationName("AuthActors")
            .PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddOptions<KeyManagementOptions>().Configure<WebKeyEncryption>((options, encryption) => options.XmlEncryptor = new WebKeyEncryptor(encryption));
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
        services.AddOptions<MessagePageOptions>().Bind(configuration.GetSection("gateway:http"));
        services.AddSingleton<MessageStreams>();
        services.AddSingleton<MessageCommands>();
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
        pages.MapGet("/site.css", context => Embedded(context, StylesheetResource, "text/css; charset=utf-8"));
        pages.MapGet("/messages.js", context => Embedded(context, MessagesScriptResource, "text/javascript; charset=utf-8"));
        AccountPages.Map(pages);
        MemberPages.Map(pages);
        AdminPages.Map(pages);
        MessagePages.Map(pages);
    }

    private static Task Embedded(HttpContext context, string resource, string contentType)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded");
        return Results.Stream(stream, contentType).ExecuteAsync(context);
    }
}
