using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Diagnostics;

/// <summary>Begins a <see cref="RequestLogScope"/> for each HTTP request (a connection may carry several users' requests).</summary>
public static class RequestLogScopeMiddleware
{
    /// <summary>Adds the middleware; put it before the endpoints.</summary>
    public static IApplicationBuilder UseRequestLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("AuthActors.Requests");
        return app.Use(async (context, next) =>
        {
            using (logger.BeginScope(RequestLogScope.Begin(context.Connection.Id, context.Connection.RemoteIpAddress?.ToString(), context.Request.Path.Value)))
            {
                await next(context);
            }
        });
    }
}
