using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Http;

/// <summary>
/// The services allowed to introspect tokens (RFC 7662 requires the caller to authenticate, so the endpoint cannot
/// be used to test stolen tokens). HTTP Basic with a client id and secret from configuration; secrets are compared
/// as SHA-256 digests in constant time, so neither their content nor their length leaks through timing.
/// </summary>
internal sealed class IntrospectionClients
{
    private const int MaxHeaderLength = 1024;
    private readonly Dictionary<string, byte[]> _secretDigests;

    public IntrospectionClients(IOptions<HttpOptions> options)
    {
        _secretDigests = options.Value.IntrospectionClients
            .Where(c => c.Value.Length > 0)
            .ToDictionary(c => c.Key, c => SHA256.HashData(Encoding.UTF8.GetBytes(c.Value)), StringComparer.Ordinal);
    }

    /// <summary>True when the request carries the Basic credentials of a configured client.</summary>
    public bool Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length is 0 or > MaxHeaderLength || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(decoded[(colon + 1)..]));

        // An unknown client still costs one comparison, against a digest no secret has.
        var expected = _secretDigests.TryGetValue(decoded[..colon], out var digest) ? digest : new byte[32];
        return CryptographicOperations.FixedTimeEquals(presented, expected) && digest is not null;
    }

    /// <summary>The 401 for an unauthenticated caller, with the Basic challenge.</summary>
    public IResult Challenge() => new ChallengeResult();

    /// <summary>The token to introspect, from a form (RFC 7662) or a JSON body.</summary>
    public static async Task<(string? Value, IResult? Problem)> ReadTokenAsync(HttpContext context)
    {
        if (context.Request.HasFormContentType)
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value.MaxBodySize;
            if (context.Request.ContentLength is null or > 0 && context.Request.ContentLength > limit)
            {
                return (null, Problems.TooLarge(limit));
            }

            var form = await context.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = limit, KeyLengthLimit = 64, ValueCountLimit = 8 }, context.RequestAborted);
            var token = form["token"].ToString();
            return token.Length == 0 ? (null, Problems.InvalidInput("token is required")) : (token, null);
        }

        var (body, problem) = await JsonBody.ReadAsync(context, ApiJsonContext.Default.IntrospectRequest);
        if (body is null)
        {
            return (null, problem);
        }

        return string.IsNullOrEmpty(body.Token) ? (null, Problems.InvalidInput("token is required")) : (body.Token, null);
    }

    private sealed class ChallengeResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"introspection\"";
            return Problems.Create(401, "introspection needs the client credentials of a configured service (HTTP Basic)", null, null)
                .ExecuteAsync(httpContext);
        }
    }
}
