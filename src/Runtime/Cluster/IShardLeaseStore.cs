namespace AuthActors.Runtime.Cluster;

/// <summary>
/// The shard-lease table: one row per (region, shard), with its owner, epoch and expiry by the database's clock.
/// Every call is one statement: of members racing for one shard, exactly one acquires it. The epoch only grows, and
/// journal appends fenced with a lease (<see cref="ShardLease.ToFence"/>) are refused once it has moved on.
/// A new owner recovers the shard's entities only after its acquire returned: every append of the former owner is
/// then either committed (and recovered) or refused.
/// </summary>
public interface IShardLeaseStore
{
    /// <summary>
    /// Takes the shard for <paramref name="owner"/> for <paramref name="ttl"/> when nobody holds it: no row, released,
    /// expired, or held by a member that is down (heartbeat older than <paramref name="downAfter"/>, marked down,
    /// removed or gone), so a killed node's shards move after down-after rather than after a whole TTL. The epoch
    /// becomes one greater than before (1 for a new row). When the owner already holds it, the lease is extended with
    /// the same epoch. Null when another live member holds it.
    /// </summary>
    Task<ShardLease?> TryAcquireAsync(
        string region, int shard, MemberId owner, TimeSpan ttl, TimeSpan downAfter, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the lease to now + <paramref name="ttl"/> while it still has its owner and epoch (even when it expired
    /// meanwhile, since nobody took it); null when it was lost: stop the shard.
    /// </summary>
    Task<ShardLease?> RenewAsync(ShardLease lease, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives the shard up so another member can take it at once; false when the lease was already lost.</summary>
    Task<bool> ReleaseAsync(ShardLease lease, CancellationToken cancellationToken);

    /// <summary>The held leases of <paramref name="region"/>, with the database's time of the read.</summary>
    Task<ShardLeaseTable> ReadAllAsync(string region, CancellationToken cancellationToken);
}
