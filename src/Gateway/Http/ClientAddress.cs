namespace AuthActors.Gateway.Http;

/// <summary>The address a request came from, as recorded with logins and used to partition rate limits.</summary>
internal static class ClientAddress
{
    /// <summary>The peer's IP address; forwarded headers are not trusted until a proxy is configured for them.</summary>
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
