using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>What a command decided: the events to journal (maybe none) and the reply once they are durable.</summary>
public sealed record Decision(IReadOnlyList<UserEvent> Events, IUserReply Reply)
{
    /// <summary>A decision that changes nothing.</summary>
    public static Decision Only(IUserReply reply) => new([], reply);
}
