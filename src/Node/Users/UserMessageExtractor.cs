using Akka.Cluster.Sharding;
using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>
/// Where a command for a user goes in Akka.Cluster.Sharding: the entity is the user id, the shard is the stable
/// FNV-1a hash of it (the one the runtime used, so a user keeps its shard number, and its lease rows, across the move).
/// </summary>
public sealed class UserMessageExtractor(int shardCount) : IMessageExtractor
{
    /// <inheritdoc />
    public string EntityId(object message) => message is IUserCommand command ? command.UserId : null!;

    /// <inheritdoc />
    public object EntityMessage(object message) => message;

    /// <inheritdoc />
    public string ShardId(object message) => message is IUserCommand command ? ShardOf(command.UserId) : null!;

    /// <inheritdoc />
    public string ShardId(string entityId, object? messageHint = null) => ShardOf(entityId);

    private string ShardOf(string userId) =>
        Runtime.Sharding.ShardId.Of(userId, shardCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
