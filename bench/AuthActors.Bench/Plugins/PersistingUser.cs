using Akka.Actor;
using Akka.Persistence;
using AuthActors.Node.Users;

namespace AuthActors.Bench.Plugins;

/// <summary>
/// A persistent actor shaped like a user under load: each <see cref="Append"/> persists one user event (a failed
/// login, the commonest write) and is answered once the journal has stored it.
/// </summary>
internal sealed class PersistingUser : ReceivePersistentActor
{
    public PersistingUser(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<UserEvent>(_ => { });
        Command<Append>(_ =>
        {
            var replyTo = Sender;
            Persist(new UserEvent.LoginFailed(DateTimeOffset.UtcNow, "127.0.0.1"), _ => replyTo.Tell(Appended.Instance));
        });
    }

    public override string PersistenceId { get; }

    /// <summary>Persist one event, then answer <see cref="Appended"/>.</summary>
    public sealed class Append
    {
        public static readonly Append Instance = new();
    }

    /// <summary>The event is stored.</summary>
    public sealed class Appended
    {
        public static readonly Appended Instance = new();
    }
}
