namespace AuthActors.Runtime.Sharding;

/// <summary>
/// Delivers a message to an entity wherever it lives and returns its reply: the local <see cref="ShardRegion"/> when
/// one process hosts every shard, a cluster router when shards live on several nodes. Callers never know which.
/// </summary>
public interface IEntityRouter
{
    /// <summary>The entity's reply to <paramref name="message"/>.</summary>
    /// <exception cref="Entities.EntityUnavailableException">The entity cannot take the message now (full, stopping, no owner).</exception>
    /// <exception cref="Entities.EntityFailedException">The entity failed on this message.</exception>
    /// <exception cref="TimeoutException">No reply in time.</exception>
    Task<object> AskAsync(string entityId, object message, CancellationToken cancellationToken);
}
