using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Cluster;

/// <summary>
/// Membership and shard-lease timing (section <c>cluster</c>). The defaults aim at the failover target: at most 5 s
/// from a node killed with -9 to the first successful login of one of its users elsewhere. A killed node's last
/// heartbeat is at most 1 s old; it is down 3 s after it; a member polling every heartbeat interval takes the shard
/// within 1 s more (a lease of a down member may be taken before it expires); recovery and one password hash fit in
/// the last second. The lease TTL is only the fallback for an owner that is up but stopped renewing.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>The cluster's name: peers of another cluster are refused at the transport handshake.</summary>
    public string Name { get; set; } = "authactors";

    /// <summary>This member's name, stable across restarts (each run is a new incarnation of it); empty = the host name and port.</summary>
    [ConfigurationKeyName("node-name")]
    public string NodeName { get; set; } = "";

    /// <summary>How often a member writes its heartbeat.</summary>
    [ConfigurationKeyName("heartbeat-interval")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A member whose heartbeat is older than this is down, and its shards go to the others. Three heartbeats: one
    /// late write (a slow fsync) does not down a live member; a stalled one is fenced out, so nothing is lost.
    /// </summary>
    [ConfigurationKeyName("down-after")]
    public TimeSpan DownAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a shard lease lasts unless renewed; a down member's leases are taken over before this.</summary>
    [ConfigurationKeyName("lease-ttl")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an owner renews its leases; a few renewals fit in one TTL, so one slow write loses nothing.</summary>
    [ConfigurationKeyName("lease-renew-every")]
    public TimeSpan LeaseRenewEvery { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Rows whose heartbeat is older than this are deleted from the members table.</summary>
    [ConfigurationKeyName("remove-after")]
    public TimeSpan RemoveAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the key when the timings cannot work together.</summary>
    public ClusterOptions Validated()
    {
        Positive(HeartbeatInterval, "cluster.heartbeat-interval");
        Positive(LeaseRenewEvery, "cluster.lease-renew-every");
        if (DownAfter < HeartbeatInterval * 2)
        {
            throw new ArgumentException("cluster.down-after must be at least two heartbeat intervals, or one late heartbeat downs a member");
        }

        if (LeaseTtl < LeaseRenewEvery * 2)
        {
            throw new ArgumentException("cluster.lease-ttl must be at least two renewals long, or one slow renewal loses the shard");
        }

        if (RemoveAfter <= DownAfter)
        {
            throw new ArgumentException("cluster.remove-after must be longer than cluster.down-after");
        }

        return this;
    }

    private static void Positive(TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{key} must be positive, got {value}");
        }
    }
}
