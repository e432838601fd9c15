namespace AuthActors.Runtime.Cluster;

/// <summary>The held leases of one region at one instant of the database's clock.</summary>
/// <param name="ReadAt">The database's time of the read; compare <see cref="ShardLease.ExpiresAt"/> with it, not with a local clock.</param>
/// <param name="Leases">Held leases by shard, expired ones included; released shards are absent.</param>
public sealed record ShardLeaseTable(DateTimeOffset ReadAt, IReadOnlyList<ShardLease> Leases)
{
    /// <summary>The leases not expired at <see cref="ReadAt"/>.</summary>
    public IReadOnlyList<ShardLease> Live => [.. Leases.Where(l => l.ExpiresAt > ReadAt)];
}
