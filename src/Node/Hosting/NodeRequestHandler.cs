using AuthActors.Messages;
using AuthActors.Node.Users;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Sharding;

namespace AuthActors.Node.Hosting;

/// <summary>
/// What a node does with a request from a gateway or another node: a user command for a shard it holds goes to the
/// user (failures become rejections, which travel as replies); any other shard is answered <see cref="ShardNotHere"/>
/// without running it, so the sender can safely deliver it to the owner.
/// </summary>
public sealed class NodeRequestHandler(UserDirectory localUsers, ShardLeaseKeeper keeper, int shardCount)
{
    /// <summary>The reply to one request.</summary>
    public async Task<object> HandleAsync(object message, CancellationToken cancellationToken)
    {
        if (message is not IUserCommand command)
        {
            throw new InvalidOperationException($"a node does not take {message.GetType().Name}");
        }

        var shard = UserId.IsValid(command.UserId) ? ShardId.Of(command.UserId, shardCount) : 0;
        return UserId.IsValid(command.UserId) && !keeper.Holds(shard)
            ? new ShardNotHere(shard)
            : await localUsers.AskAsync(command, cancellationToken);
    }
}
