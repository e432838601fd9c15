using System.Security.Cryptography;

namespace AuthActors.Gateway.Sessions;

/// <summary>
/// This gateway process's incarnation, the name its online sessions are held under. A new one at every start, so
/// sessions a killed process held are told apart from this one's. On one node the only live gateway is this one;
/// the cluster will take the list of live gateways from its membership instead.
/// </summary>
internal sealed class GatewayIdentity
{
    public GatewayIdentity()
    {
        Id = $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        LiveGateways = [Id];
    }

    /// <summary>The id sessions opened here are held under.</summary>
    public string Id { get; }

    /// <summary>The gateways whose sessions count as online.</summary>
    public IReadOnlyList<string> LiveGateways { get; }
}
