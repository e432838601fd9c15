using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;

namespace AuthActors.Actors.Tests.Smoke;

/// <summary>
/// The Akka packages restore and run here: a persistent actor persists, is stopped, and a new incarnation with the
/// same persistence id recovers what the first one stored (on Akka's in-memory journal; the product's own plugins
/// have their own suite).
/// </summary>
public sealed class PersistentActorSmokeTests() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString(
    """
    akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
    """))
{
    [Fact]
    public void A_new_incarnation_recovers_what_the_last_one_persisted()
    {
        var first = Sys.ActorOf(Props.Create(() => new Counter("counter-1")));
        first.Tell(new Counter.Add(2));
        first.Tell(new Counter.Add(3));
        first.Tell(Counter.Read.Instance);
        ExpectMsg(5, TimeSpan.FromSeconds(5));

        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first, TimeSpan.FromSeconds(5));

        var second = Sys.ActorOf(Props.Create(() => new Counter("counter-1")));
        second.Tell(Counter.Read.Instance);
        ExpectMsg(5, TimeSpan.FromSeconds(5));
    }

    private sealed class Counter : ReceivePersistentActor
    {
        private int _total;

        public Counter(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<int>(amount => _total += amount);
            Command<Add>(add => Persist(add.Amount, amount => _total += amount));
            Command<Read>(_ => Sender.Tell(_total));
        }

        public override string PersistenceId { get; }

        public sealed record Add(int Amount);

        public sealed class Read
        {
            public static readonly Read Instance = new();
        }
    }
}
