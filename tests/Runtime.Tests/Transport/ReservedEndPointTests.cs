using System.Net;
using System.Net.Sockets;
using AuthActors.Runtime.Transport;

namespace AuthActors.Runtime.Tests.Transport;

public sealed class ReservedEndPointTests
{
    [Fact]
    public void A_free_port_is_held_until_released_and_then_a_listener_takes_it()
    {
        using var reserved = ReservedEndPoint.For(IPAddress.Loopback, 0);
        reserved.EndPoint.Port.ShouldBeGreaterThan(0);

        // Held: nothing else may bind it meanwhile (another test's "any free port" could otherwise be given it).
        using (var intruder = new TcpListener(IPAddress.Loopback, reserved.EndPoint.Port))
        {
            Should.Throw<SocketException>(() => intruder.Start()).SocketErrorCode.ShouldBe(SocketError.AddressAlreadyInUse);
        }

        reserved.Release();
        reserved.Release();
        var listener = new TcpListener(reserved.EndPoint);
        listener.Start();
        listener.Stop();
    }

    [Fact]
    public void A_configured_port_is_taken_as_it_is()
    {
        using var reserved = ReservedEndPoint.For(IPAddress.Loopback, 47_123);

        reserved.EndPoint.ShouldBe(new IPEndPoint(IPAddress.Loopback, 47_123));
    }
}
