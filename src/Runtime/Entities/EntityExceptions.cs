namespace AuthActors.Runtime.Entities;

/// <summary>The entity failed while handling the request; it was restarted and will recover from its journal.</summary>
public sealed class EntityFailedException(string entityId, Exception inner)
    : Exception($"entity '{entityId}' failed and was restarted", inner)
{
    /// <summary>The entity that failed.</summary>
    public string EntityId { get; } = entityId;
}

/// <summary>The entity's mailbox is full, or the region is stopping: the message was not taken.</summary>
public sealed class EntityUnavailableException(string entityId, string reason)
    : Exception($"entity '{entityId}' cannot take messages: {reason}")
{
    /// <summary>The entity that refused the message.</summary>
    public string EntityId { get; } = entityId;
}
