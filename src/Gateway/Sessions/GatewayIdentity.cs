using System.Security.Cryptography;
using AuthActors.Node.Online;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Transport;

namespace AuthActors.Gateway.Sessions;

/// <summary>
/// The name this gateway's online sessions are held under, and which gateways' sessions count as online. Embedded,
/// the name is a new random incarnation at every start and this process is the only live gateway, so whatever a
/// killed process held is dead at once. In a cluster, the name is this gateway's member id and the live gateways are
/// the gateway rows of the members table (<see cref="GatewayMembers"/>), which also say where each one listens.
/// </summary>
internal sealed class GatewayIdentity
{
    private readonly MembershipAgent? _membership;
    private readonly IReadOnlyList<string> _onlyThis;
    private LiveView _cached = new(new(DateTimeOffset.MinValue, []), []);

    /// <summary>An embedded gateway: the only one.</summary>
    public GatewayIdentity()
    {
        Id = $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        _onlyThis = [Id];
    }

    /// <summary>A gateway that joined the cluster through <paramref name="membership"/>.</summary>
    public GatewayIdentity(MembershipAgent membership)
    {
        _membership = membership;
        Id = membership.Self.Id.ToString();
        _onlyThis = [Id];
    }

    /// <summary>The id sessions opened here are held under.</summary>
    public string Id { get; }

    /// <summary>The gateways whose sessions count as online; computed once per reread of the members table.</summary>
    public IReadOnlyList<string> LiveGateways
    {
        get
        {
            if (_membership is null)
            {
                return _onlyThis;
            }

            var view = _membership.View;
            var cached = Volatile.Read(ref _cached);
            if (!ReferenceEquals(cached.View, view))
            {
                cached = new LiveView(view, GatewayMembers.Live(view));
                Volatile.Write(ref _cached, cached);
            }

            return cached.Live;
        }
    }

    /// <summary>The other live gateways and where they listen; none when embedded.</summary>
    public IReadOnlyList<(string Id, PeerAddress Address)> Others =>
        _membership is null ? [] : GatewayMembers.Others(_membership.View, Id);

    /// <summary>Where the live gateway <paramref name="gatewayId"/> listens; null when it is not live or not known.</summary>
    public PeerAddress? AddressOf(string gatewayId) =>
        _membership is null ? null : GatewayMembers.AddressOf(_membership.View, gatewayId);

    // One reference, so a reader never sees the list of one view with another view.
    private sealed record LiveView(MembershipSnapshot View, IReadOnlyList<string> Live);
}
