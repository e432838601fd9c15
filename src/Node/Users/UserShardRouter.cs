using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Sharding;
using Microsoft.Extensions.Logging;

namespace AuthActors.Node.Users;

/// <summary>
/// The edges' way to the users when they live in Akka.Cluster.Sharding: an ask of the user shard region, bounded by
/// <c>entities.ask-timeout</c> and by the caller's cancellation (a client that went away cancels its wait). At most
/// <c>entities.mailbox-capacity</c> requests for one user wait at once; past that a request is refused at once
/// ("busy"), so a flood aimed at one account costs bounded memory and never slows the other users down.
/// </summary>
public sealed class UserShardRouter(
    IRequiredActor<UserActor> region, TimeSpan askTimeout, int mailboxCapacity, ILogger<UserShardRouter> logger) : IEntityRouter
{
    // Akka's bounded mailboxes would make a sender wait or drop the message to dead letters (a timeout much later);
    // counting here refuses at once. In single-process mode this process's asks are all a user's messages.
    private readonly ConcurrentDictionary<string, int> _waiting = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<object> AskAsync(string entityId, object message, CancellationToken cancellationToken)
    {
        if (_waiting.AddOrUpdate(entityId, 1, (_, waiting) => waiting + 1) > mailboxCapacity)
        {
            Leave(entityId);
            throw new EntityUnavailableException(entityId, $"{mailboxCapacity} requests are waiting for it already");
        }

        try
        {
            var shards = await region.GetAsync(cancellationToken);
            var reply = await shards.Ask<object>(message, askTimeout, cancellationToken);
            LogHandled(entityId, message);
            return reply;
        }
        catch (AskTimeoutException timedOut)
        {
            throw new TimeoutException($"no reply from user {entityId} within {askTimeout}", timedOut);
        }
        finally
        {
            Leave(entityId);
        }
    }

    // The count goes when it reaches 0, so the table holds only users with requests in flight.
    private void Leave(string entityId)
    {
        if (_waiting.AddOrUpdate(entityId, 0, (_, waiting) => waiting - 1) == 0)
        {
            _waiting.TryRemove(new KeyValuePair<string, int>(entityId, 0));
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
