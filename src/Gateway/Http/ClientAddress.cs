namespace AuthActors.Gateway.Http;

/// <summary>The address a request came from, as recorded with logins and used to partition rate limits.</summary>
internal static class ClientAddress
{
    /// <summary>
    /// The client's IP address: the peer's, or, from a proxy in <c>gateway.http.trusted-proxies</c>, the one its
    /// X-Forwarded-For names (the forwarded-headers middleware has put it there).
    /// </summary>
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
