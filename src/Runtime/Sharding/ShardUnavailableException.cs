namespace AuthActors.Runtime.Sharding;

/// <summary>
/// The shard of a message is not served here right now: not owned by this node, or being handed off. Unlike a full
/// mailbox this is not overload: the sender should find the shard's owner and deliver there.
/// </summary>
public sealed class ShardUnavailableException(int shardId, string reason)
    : Exception($"shard {shardId} is not served here: {reason}")
{
    /// <summary>The shard that refused the message.</summary>
    public int ShardId { get; } = shardId;
}
