using Akka.Actor;
using Akka.Hosting;
using AuthActors.Runtime.Sharding;
using Microsoft.Extensions.Logging;

namespace AuthActors.Node.Users;

/// <summary>
/// The edges' way to the users when they live in Akka.Cluster.Sharding: an ask of the user shard region, bounded by
/// <c>entities.ask-timeout</c> and by the caller's cancellation (a client that went away cancels its wait).
/// </summary>
public sealed class UserShardRouter(IRequiredActor<UserActor> region, TimeSpan askTimeout, ILogger<UserShardRouter> logger) : IEntityRouter
{
    /// <inheritdoc />
    public async Task<object> AskAsync(string entityId, object message, CancellationToken cancellationToken)
    {
        var shards = await region.GetAsync(cancellationToken);
        try
        {
            var reply = await shards.Ask<object>(message, askTimeout, cancellationToken);
            LogHandled(entityId, message);
            return reply;
        }
        catch (AskTimeoutException timedOut)
        {
            throw new TimeoutException($"no reply from user {entityId} within {askTimeout}", timedOut);
        }
    }

    // Written here, on the caller's side, so that the line carries the request's log scope (connection, user, HTTP
    // path), which does not flow into the actor. The message's type only, never its content: commands carry secrets.
    private void LogHandled(string entityId, object message)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Entity {EntityId} handled {MessageType}", entityId, UserBehavior.MessageTypeOf(message));
        }
    }
}
