using Microsoft.AspNetCore.Antiforgery;

namespace AuthActors.Gateway.Web;

/// <summary>
/// Cross-site request forgery defence for every state-changing form, in two independent layers: the Origin header
/// (when a browser sends one) must be this site's own, and the form must carry the antiforgery token that matches
/// the antiforgery cookie (the synchronizer-token pattern of ASP.NET Core's <see cref="IAntiforgery"/>).
/// </summary>
internal sealed class FormGuard(IAntiforgery antiforgery)
{
    /// <summary>The hidden field every form carries.</summary>
    public const string FieldName = "__RequestVerificationToken";

    /// <summary>The hidden input with a token for this request's forms (and sets the matching cookie).</summary>
    public Html Field(HttpContext context)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Html.Of($"<input type=\"hidden\" name=\"{FieldName}\" value=\"{tokens.RequestToken}\">");
    }

    /// <summary>The form of a POST that passed both checks, or null when the request must be refused.</summary>
    public async Task<IFormCollection?> ReadAsync(HttpContext context)
    {
        if (!SameOrigin(context) || !context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }

        return await context.Request.ReadFormAsync(context.RequestAborted);
    }

    // Browsers send Origin on every cross-origin and every POST request; a non-browser client without it still
    // needs the token and its cookie, which another site cannot read.
    private static bool SameOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        var own = $"{context.Request.Scheme}://{context.Request.Host}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase);
    }
}
