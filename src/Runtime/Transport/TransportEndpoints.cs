using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Transport;

/// <summary>
/// The one place where transport connections are set up, on both sides, so that mutual TLS is added here and
/// nowhere else: <see cref="TransportSecurity"/> puts Kestrel's TLS before the handler on the listen options, and an
/// <c>SslStream</c> around the client's stream.
/// </summary>
public static class TransportEndpoints
{
    /// <summary>Makes Kestrel listen for peers on <c>cluster.transport.host</c> and <c>port</c>.</summary>
    public static KestrelServerOptions ListenForPeers(this KestrelServerOptions kestrel, TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Host is "localhost")
        {
            kestrel.ListenLocalhost(options.Port, listen => listen.UseTransport());
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(options.Host), options.Port, listen => listen.UseTransport());
        }

        return kestrel;
    }

    /// <summary>
    /// The endpoint to listen on: <c>cluster.transport.host</c> and <c>port</c>, where port 0 (tests) becomes a port
    /// the system has free now, held for this member until the caller releases it just before its listener binds.
    /// </summary>
    public static ReservedEndPoint ReserveEndPointToListenOn(this TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ReservedEndPoint.For(IPAddress.Parse(options.Host), options.Port);
    }

    /// <summary>
    /// Serves the transport protocol on these listen options, behind mutual TLS when the host registered a
    /// <see cref="TransportSecurity"/> that asks for it (<see cref="TransportServiceCollectionExtensions.AddTransport"/> does).
    /// </summary>
    public static ListenOptions UseTransport(this ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var security = listen.ApplicationServices.GetService<TransportSecurity>() ?? TransportSecurity.Plain;
        security.Protect(listen, listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<TransportConnectionHandler>());
        listen.UseConnectionHandler<TransportConnectionHandler>();
        return listen;
    }

    /// <summary>Opens a stream to a peer (TCP, no delay), in TLS when <paramref name="security"/> asks for it.</summary>
    internal static async Task<Stream> ConnectAsync(PeerAddress address, TransportSecurity security, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, cancellationToken);
            return await security.AuthenticateAsClientAsync(new NetworkStream(socket, ownsSocket: true), address, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
