using System.Diagnostics.Metrics;
using AuthActors.Runtime.Diagnostics;

namespace AuthActors.Runtime.Cluster;

/// <summary>The keeper's instruments, and whether it holds what it should (a node's readiness).</summary>
public sealed partial class ShardLeaseKeeper
{
    private static readonly UpDownCounter<long> ShardsOwned = AuthActorsMeter.Meter.CreateUpDownCounter<long>(
        "authactors.shards.owned", unit: "{shard}", description: "Shards whose lease this process holds.");

    private static readonly Counter<long> HandOffs = AuthActorsMeter.Meter.CreateCounter<long>(
        "authactors.shard.handoffs", unit: "{shard}", description: "Shards this process handed off to another owner (drained, passivated, lease released).");

    /// <summary>
    /// Null when this node holds every shard rendezvous hashing gives it (as of its last round); else what is missing.
    /// Not ready before the first round, while it is leaving, or while another node still holds a shard it should take.
    /// </summary>
    public string? MissingLeases()
    {
        if (Volatile.Read(ref _desired) is not { } desired)
        {
            return "no lease round yet";
        }

        if (membership.IsLeaving)
        {
            return "leaving the cluster";
        }

        if (desired.Count == 0)
        {
            return "no shards allocated to this node (not up in the members table?)";
        }

        var missing = desired.Count(shard => !_held.ContainsKey(shard));
        return missing == 0 ? null : $"{missing} of the {desired.Count} shards this node should own are not held yet";
    }
}
