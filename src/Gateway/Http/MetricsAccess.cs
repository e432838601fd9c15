namespace AuthActors.Gateway.Http;

/// <summary>
/// <c>/metrics</c> only for loopback and <c>gateway.http.metrics-allowed</c>: the metrics tell an outsider how many
/// logins fail and lock out, and when the service is under load. Others get 404, as if there were nothing there.
/// </summary>
internal static class MetricsAccess
{
    /// <summary>Adds the check; after the forwarded headers, so a client behind a trusted proxy is judged by its own address.</summary>
    public static void UseMetricsAccess(this WebApplication app, TrustedAddresses addresses) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase)
                && !addresses.MayReadMetrics(context.Connection.RemoteIpAddress))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
}
