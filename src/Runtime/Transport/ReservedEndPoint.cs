using System.Net;
using System.Net.Sockets;

namespace AuthActors.Runtime.Transport;

/// <summary>
/// The transport's endpoint, its port held until the listener takes it. A member writes its address in the members
/// table before it listens, so with port 0 (tests) the system's free port is chosen first; between that and the
/// listener (a join and two heartbeats) another socket asking for any free port could be given the same one. A
/// socket listening on the port and never accepting holds it until <see cref="Release"/>, just before the listener
/// binds; a connection made meanwhile waits in its backlog and is reset then (nobody routes to a member before it
/// listens: a node holds no lease yet, a gateway no session), and the peer connects again.
/// </summary>
public sealed class ReservedEndPoint : IDisposable
{
    private Socket? _reservation;

    private ReservedEndPoint(IPEndPoint endPoint, Socket? reservation)
    {
        EndPoint = endPoint;
        _reservation = reservation;
    }

    /// <summary>The address to advertise and listen on.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>A configured port as it is (nothing to hold); port 0 as a free port held until released.</summary>
    public static ReservedEndPoint For(IPAddress host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (port != 0)
        {
            return new ReservedEndPoint(new IPEndPoint(host, port), reservation: null);
        }

        var socket = new Socket(host.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Listening, because .NET binds TCP sockets with SO_REUSEADDR, and two such sockets may share a port
            // while neither listens.
            socket.Bind(new IPEndPoint(host, 0));
            socket.Listen(1);
            return new ReservedEndPoint((IPEndPoint)socket.LocalEndPoint!, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Lets the port go, for the listener to bind it; safe to call more than once.</summary>
    public void Release() => Interlocked.Exchange(ref _reservation, null)?.Dispose();

    public void Dispose() => Release();
}
