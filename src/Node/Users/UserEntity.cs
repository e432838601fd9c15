using AuthActors.Runtime.Entities;

namespace AuthActors.Node.Users;

/// <summary>
/// The runtime's shell of one user (until the Akka shell, UserActor, takes over): the only writer of
/// that user's events. It asks <see cref="UserBehavior"/> what a command comes to, persists the events, and replies
/// only after they are durable.
/// </summary>
public sealed class UserEntity : EventSourcedEntity<UserState>, IEntity
{
    private readonly UserBehavior _behavior;

    /// <summary>The shell of <paramref name="userId"/>, its state empty until recovered.</summary>
    public UserEntity(string userId, PersistenceContext context, UserServices services)
        : base(PersistenceIdOf(userId), UserState.Empty, context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _behavior = new UserBehavior(userId, services, context.Clock, () => State);
    }

    /// <summary>The journal id of a user.</summary>
    public static string PersistenceIdOf(string userId) => "user|" + userId;

    /// <inheritdoc />
    string IEntity.MessageTypeOf(object message) => UserBehavior.MessageTypeOf(message);

    /// <inheritdoc />
    public override async Task<object> HandleAsync(object message, CancellationToken cancellationToken)
    {
        switch (await _behavior.DecideAsync(message, cancellationToken))
        {
            case UserOutcome.Decided decided:
                await PersistAsync(decided.Decision.Events, cancellationToken);
                return _behavior.Complete(decided);
            case UserOutcome.Answered answered:
                return answered.Reply;
            default:
                throw new InvalidOperationException("a user's outcome is answered or decided");
        }
    }

    /// <inheritdoc />
    protected override UserState ApplyEvent(UserState state, object domainEvent) => state.Apply((UserEvent)domainEvent);
}
