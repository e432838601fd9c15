using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Diagnostics;

/// <summary>Kestrel connection middleware: open connections per port, and the log scope of a connection's lines.</summary>
public static class ConnectionCounting
{
    /// <summary>Counts this listener's connections in <c>authactors.connections.open</c> under the port's role.</summary>
    public static TBuilder CountConnections<TBuilder>(this TBuilder listen, string port)
        where TBuilder : IConnectionBuilder
    {
        listen.Use(next => async connection =>
        {
            AuthActorsMeter.ConnectionOpened(port);
            try
            {
                await next(connection);
            }
            finally
            {
                AuthActorsMeter.ConnectionClosed(port);
            }
        });
        return listen;
    }

    /// <summary>
    /// Begins a <see cref="RequestLogScope"/> for each connection of this listener, for protocols where a connection
    /// is one client's conversation (the TCP ports; HTTP begins one per request instead).
    /// </summary>
    public static TBuilder WithRequestLogScope<TBuilder>(this TBuilder listen)
        where TBuilder : IConnectionBuilder
    {
        var logger = listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("AuthActors.Connections");
        listen.Use(next => async connection =>
        {
            using (logger.BeginScope(RequestLogScope.Begin(connection.ConnectionId, (connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString())))
            {
                await next(connection);
            }
        });
        return listen;
    }
}
