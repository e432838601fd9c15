using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using AuthActors.Messages;
using AuthActors.Runtime.Diagnostics;
using AuthActors.Runtime.Persistence.Plugin;

namespace AuthActors.Node.Users;

/// <summary>
/// The Akka.Persistence shell of one user: the only writer of that user's events. It asks
/// <see cref="UserBehavior"/> what a command comes to (the mailbox stays shut while hashing is awaited, so no other
/// command of this user runs in between), persists the events (later commands wait in the stash meanwhile), and
/// replies only once they are durable and applied. A failed or rejected persist answers "try again", never success,
/// and stops the actor; its next message recovers it from the journal.
/// </summary>
public sealed class UserActor : UntypedPersistentActor
{
    // An untyped actor with a switch, not a ReceivePersistentActor: the typed one builds its handler table per
    // instance, which a process holding 100,000 users pays 100,000 times.
    private readonly UserBehavior _behavior;
    private readonly int _snapshotEvery;
    private readonly LiveUserBudget? _budget;
    private UserState _state = UserState.Empty;
    private long _lastSnapshotSequenceNr;
    private IActorRef? _awaitingDurable;
    private UnreadableEvent? _unreadable;

    /// <summary>The shell of <paramref name="userId"/>; a snapshot every <paramref name="snapshotEvery"/> events (0: none).</summary>
    public UserActor(string userId, UserServices services, TimeProvider clock, int snapshotEvery, LiveUserBudget? budget = null)
    {
        _budget = budget;
        PersistenceId = UserEntity.PersistenceIdOf(userId);
        _snapshotEvery = snapshotEvery;
        _behavior = new UserBehavior(userId, services, clock, () => _state);
    }

    /// <summary>Props for the shell of <paramref name="userId"/>.</summary>
    public static Props PropsFor(string userId, UserServices services, TimeProvider clock, int snapshotEvery, LiveUserBudget? budget = null) =>
        Props.Create(() => new UserActor(userId, services, clock, snapshotEvery, budget));

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <inheritdoc />
    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer offer:
                _state = (UserState)offer.Snapshot;
                _lastSnapshotSequenceNr = offer.Metadata.SequenceNr;
                break;
            case UserEvent recovered:
                _state = _state.Apply(recovered);
                break;
            case UnreadableEvent unreadable:
                // The first one is what the answer names; the state after it means nothing.
                _unreadable ??= unreadable;
                break;
        }
    }

    /// <inheritdoc />
    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case IUserCommand when _unreadable is { } unreadable:
                // Nothing is decided on a history this build cannot read: every command is refused, at once.
                Sender.Tell(new Rejected(
                    ErrorCode.Internal,
                    $"this account's history holds an event this version cannot read ({unreadable.Manifest} at {unreadable.SequenceNr}); it needs the version that wrote it"));
                break;
            case IUserCommand command:
                // The mailbox stays shut until the task completes: no other command while a hash is computed.
                RunTask(() => HandleAsync(command));
                break;
            case PassivateForRoom:
                // Through the shard, so that messages arriving meanwhile wait for the next incarnation; handled like a
                // command, so it waits for a persist in flight.
                Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(Stop.Instance));
                break;
            case Stop:
                Context.Stop(Self);
                break;
            case SaveSnapshotSuccess:
                break;
            case SaveSnapshotFailure failure:
                Context.GetLogger().Warning(
                    "Snapshot of {0} at {1} was not saved: {2}", PersistenceId, failure.Metadata.SequenceNr, failure.Cause.Message);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        AuthActorsMeter.EntityStarted();
        MakeRoom();
        base.PreStart();
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        AuthActorsMeter.EntityStopped();
        _budget?.Stopped(Self);
        base.PostStop();
    }

    private async Task HandleAsync(IUserCommand command)
    {
        MakeRoom();
        var replyTo = Sender;
        switch (await _behavior.DecideAsync(command, CancellationToken.None))
        {
            case UserOutcome.Answered answered:
                replyTo.Tell(answered.Reply);
                break;
            case UserOutcome.Decided { Decision.Events.Count: 0 } unchanged:
                replyTo.Tell(_behavior.Complete(unchanged));
                break;
            case UserOutcome.Decided decided:
                Persist(decided, replyTo);
                break;
        }
    }

    // This user is the most recently active now; past the bound, the least recently active one makes room.
    private void MakeRoom() => _budget?.Touched(Self)?.Tell(PassivateForRoom.Instance);

    // The handlers run once the whole write is durable, one per event, in order; the reply goes after the last.
    private void Persist(UserOutcome.Decided decided, IActorRef replyTo)
    {
        _awaitingDurable = replyTo;
        var remaining = decided.Decision.Events.Count;
        PersistAll(decided.Decision.Events, durable =>
        {
            _state = _state.Apply(durable);
            if (--remaining > 0)
            {
                return;
            }

            _awaitingDurable = null;
            replyTo.Tell(_behavior.Complete(decided));
            SnapshotIfDue();
        });
    }

    // A snapshot only shortens recovery: saved in the background, its outcome logged at most.
    private void SnapshotIfDue()
    {
        if (_snapshotEvery > 0 && LastSequenceNr - _lastSnapshotSequenceNr >= _snapshotEvery)
        {
            _lastSnapshotSequenceNr = LastSequenceNr;
            SaveSnapshot(_state);
        }
    }

    /// <inheritdoc />
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        AnswerNotDurable();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <inheritdoc />
    /// <remarks>Akka would go on after a rejection; the state would then lag the decision made, so the shell stops.</remarks>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        AnswerNotDurable();
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self);
    }

    private void AnswerNotDurable()
    {
        _awaitingDurable?.Tell(new Rejected(ErrorCode.Busy, "the change was not stored, try again", TimeSpan.FromSeconds(1)));
        _awaitingDurable = null;
    }

    /// <summary>The budget of live users asks this one to passivate.</summary>
    internal sealed class PassivateForRoom
    {
        public static readonly PassivateForRoom Instance = new();
    }

    /// <summary>The shard's stop message once passivating: handled after a persist in flight, never in its middle.</summary>
    internal sealed class Stop
    {
        public static readonly Stop Instance = new();
    }
}
