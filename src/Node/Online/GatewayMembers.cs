using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Transport;

namespace AuthActors.Node.Online;

/// <summary>
/// The gateways of a cluster as its members table shows them. Online sessions are held by gateways, named by their
/// member id, so whether a session is live is whether its gateway's row is: joined and not yet down or removed.
/// </summary>
public static class GatewayMembers
{
    /// <summary>The role of gateway members: they hold online sessions and route, they own no shards.</summary>
    public const string Role = "gateway";

    /// <summary>
    /// The gateways whose sessions count as online: joining, up or leaving (a leaving gateway still closes its own
    /// sessions). A gateway that stopped heartbeating reads as down, and its sessions as gone.
    /// </summary>
    public static IReadOnlyList<string> Live(MembershipSnapshot view) =>
        [.. view.Members.Where(IsLiveGateway).Select(m => m.Id.ToString())];

    /// <summary>Where the live gateway <paramref name="gatewayId"/> listens for its peers; null when it is not live.</summary>
    public static PeerAddress? AddressOf(MembershipSnapshot view, string gatewayId) =>
        view.Members.FirstOrDefault(m => IsLiveGateway(m) && m.Id.ToString() == gatewayId) is { } member
            ? PeerAddress.Parse(member.Address)
            : null;

    /// <summary>Every live gateway except <paramref name="except"/>, with its address.</summary>
    public static IReadOnlyList<(string Id, PeerAddress Address)> Others(MembershipSnapshot view, string except) =>
        [.. view.Members
            .Where(m => IsLiveGateway(m) && m.Id.ToString() != except)
            .Select(m => (m.Id.ToString(), PeerAddress.Parse(m.Address)))];

    private static bool IsLiveGateway(Member member) =>
        member.Roles.Contains(Role, StringComparer.Ordinal) && member.Status is MemberStatus.Joining or MemberStatus.Up or MemberStatus.Leaving;
}
