namespace AuthActors.Runtime.Entities;

/// <summary>
/// What the entity shell drives: recover once, then handle one message at a time. An implementation never sees two
/// calls at once, so it needs no locks.
/// </summary>
public interface IEntity
{
    /// <summary>Rebuilds the state from storage before the first message.</summary>
    Task RecoverAsync(CancellationToken cancellationToken);

    /// <summary>Handles one message and returns the reply. Throwing restarts the entity.</summary>
    Task<object> HandleAsync(object message, CancellationToken cancellationToken);

    /// <summary>
    /// What a log line calls the message: its type, never its content. An entity whose messages wrap others (an
    /// audited command) names the inner one, which is what a reader of the log looks for.
    /// </summary>
    string MessageTypeOf(object message) => message.GetType().Name;

    /// <summary>
    /// Called once when the cell ends (passivated, or its shard closed): background work the entity started (a
    /// snapshot being saved) finishes before the entity is gone, so the next incarnation recovers from it.
    /// </summary>
    Task StopAsync() => Task.CompletedTask;
}

/// <summary>Creates the entity for an id; called on the first message and again after a restart.</summary>
public delegate IEntity EntityFactory(string entityId);
