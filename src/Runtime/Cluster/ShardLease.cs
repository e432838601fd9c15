namespace AuthActors.Runtime.Cluster;

/// <summary>
/// The right of one member to run one shard of a region, and to append to its entities' journals, until
/// <see cref="ExpiresAt"/> unless renewed. Each new owner gets a greater <see cref="Epoch"/>; appends carry the epoch
/// (<see cref="ToFence"/>), so a former owner's writes are refused even when it has not noticed the loss.
/// </summary>
/// <param name="Region">The entity type the shard belongs to, e.g. <c>user</c>.</param>
/// <param name="Shard">The shard number, <c>0 .. shard-count - 1</c>.</param>
/// <param name="Owner">The member holding the lease.</param>
/// <param name="Epoch">Incremented on every change of owner (and on reacquiring after expiry or release).</param>
/// <param name="ExpiresAt">By the database's clock. Only ownership decisions use it; fencing compares epochs.</param>
public sealed record ShardLease(string Region, int Shard, MemberId Owner, long Epoch, DateTimeOffset ExpiresAt)
{
    /// <summary>The fence that appends made under this lease carry.</summary>
    public JournalFence ToFence() => new(Region, Shard, Owner, Epoch);
}
