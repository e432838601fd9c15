using AuthActors.Runtime.Cluster;

namespace AuthActors.Runtime.Persistence;

/// <summary>
/// A fenced append was refused: its writer no longer holds the shard's lease at the fence's epoch (another member
/// took the shard over, or it was released). Nothing of the append was stored; the entity must stop.
/// </summary>
public sealed class JournalFencedException(string persistenceId, JournalFence fence)
    : Exception($"append to '{persistenceId}' refused: the lease {fence} is no longer held")
{
    /// <summary>The writer whose append was refused.</summary>
    public string PersistenceId { get; } = persistenceId;

    /// <summary>The fence the append carried.</summary>
    public JournalFence Fence { get; } = fence;
}
