using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.TestKit;

namespace AuthActors.Actors.Tests.Persistence;

/// <summary>
/// What Akka.Persistence.TCK checks of a journal (the TCK itself is not served here), run on every plugin and every
/// backend: writes, replay ranges and limits, the highest sequence number, deletes, tags, and two writers racing
/// for one sequence number. The suite talks to the journal in Akka's own journal protocol, as the TCK does.
/// </summary>
public abstract class JournalConformance<TPlugin>(TPlugin plugin) : Akka.TestKit.Xunit2.TestKit(plugin.Setup())
    where TPlugin : PluginUnderTest
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    private IActorRef JournalActor => Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);

    protected TPlugin Plugin { get; } = plugin;

    protected static string NewPersistenceId() => $"test|{Guid.NewGuid():N}";

    [Fact]
    public void Replays_every_event_in_order_then_reports_the_highest()
    {
        var id = NewPersistenceId();
        WriteNotes(id, 1, 5);
        Replay(id, 1, long.MaxValue, long.MaxValue).ShouldBe([1, 2, 3, 4, 5]);
        LastHighest.ShouldBe(5);
    }

    [Fact]
    public void Replays_only_the_asked_range()
    {
        var id = NewPersistenceId();
        WriteNotes(id, 1, 5);
        Replay(id, 2, 4, long.MaxValue).ShouldBe([2, 3, 4]);
    }

    [Fact]
    public void Replays_at_most_max_events()
    {
        var id = NewPersistenceId();
        WriteNotes(id, 1, 5);
        Replay(id, 2, long.MaxValue, 2).ShouldBe([2, 3]);
    }

    [Fact]
    public void Replays_nothing_from_past_the_highest()
    {
        // What the highest is then differs: the fenced journal says 3, Akka.Persistence.Sql 0 (it searches from the
        // hint); a persistent actor keeps the greater of it and its snapshot's, so both recover right.
        var id = NewPersistenceId();
        WriteNotes(id, 1, 3);
        Replay(id, 4, long.MaxValue, long.MaxValue).ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_writer_replays_nothing_and_has_highest_zero()
    {
        Replay(NewPersistenceId(), 1, long.MaxValue, long.MaxValue).ShouldBeEmpty();
        LastHighest.ShouldBe(0);
    }

    [Fact]
    public void Replayed_events_carry_their_payload_and_writer()
    {
        var id = NewPersistenceId();
        WriteNotes(id, 1, 2);
        JournalActor.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, id, TestActor));
        var first = ExpectMsg<ReplayedMessage>(Budget).Persistent;
        first.Payload.ShouldBe(new Note("note 1"));
        first.PersistenceId.ShouldBe(id);
        first.SequenceNr.ShouldBe(1);
        ExpectMsg<ReplayedMessage>(Budget).Persistent.Payload.ShouldBe(new Note("note 2"));
        ExpectMsg<RecoverySuccess>(Budget);
    }

    [Fact]
    public void Deleted_events_are_not_replayed_and_the_highest_does_not_go_back()
    {
        var id = NewPersistenceId();
        WriteNotes(id, 1, 5);

        JournalActor.Tell(new DeleteMessagesTo(id, 3, TestActor));
        ExpectMsg<DeleteMessagesSuccess>(Budget).ToSequenceNr.ShouldBe(3);
        Replay(id, 1, long.MaxValue, long.MaxValue).ShouldBe([4, 5]);
        LastHighest.ShouldBe(5);

        JournalActor.Tell(new DeleteMessagesTo(id, long.MaxValue, TestActor));
        ExpectMsg<DeleteMessagesSuccess>(Budget);
        Replay(id, 1, long.MaxValue, long.MaxValue).ShouldBeEmpty();
        LastHighest.ShouldBe(5);
    }

    [Fact]
    public void Tags_are_stored_and_the_payload_replays_without_them()
    {
        var id = NewPersistenceId();
        Write(id, [new Persistent(new Tagged(new Note("tagged"), ["red", "blue"]), 1, id, writerGuid: "w")]);
        ExpectWritten(1);

        JournalActor.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, id, TestActor));
        ExpectMsg<ReplayedMessage>(Budget).Persistent.Payload.ShouldBe(new Note("tagged"));
        ExpectMsg<RecoverySuccess>(Budget);
    }

    [Fact]
    public void An_atomic_write_of_several_events_is_stored_whole()
    {
        var id = NewPersistenceId();
        var events = Enumerable.Range(1, 3)
            .Select(n => (IPersistentRepresentation)new Persistent(new Note($"note {n}"), n, id, writerGuid: "w"))
            .ToImmutableList();
        JournalActor.Tell(new WriteMessages([new AtomicWrite(events)], TestActor, 1));
        ExpectWritten(3);
        Replay(id, 1, long.MaxValue, long.MaxValue).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void Of_two_writers_of_one_sequence_number_only_the_first_is_stored()
    {
        var id = NewPersistenceId();
        WriteNotes(id, 1, 1);

        Write(id, [new Persistent(new Note("the second writer"), 1, id, writerGuid: "other")]);
        ExpectMsg<WriteMessagesFailed>(Budget);
        ExpectMsg<WriteMessageFailure>(Budget);

        JournalActor.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, id, TestActor));
        ExpectMsg<ReplayedMessage>(Budget).Persistent.Payload.ShouldBe(new Note("note 1"));
        ExpectMsg<RecoverySuccess>(Budget).HighestSequenceNr.ShouldBe(1);
    }

    [Fact]
    public void Writers_running_at_once_each_keep_their_own_history()
    {
        var ids = Enumerable.Range(0, 8).Select(_ => NewPersistenceId()).ToArray();
        var probes = ids.Select(_ => CreateTestProbe()).ToArray();
        for (var n = 1; n <= 5; n++)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                JournalActor.Tell(
                    new WriteMessages([new AtomicWrite(new Persistent(new Note($"{ids[i]} {n}"), n, ids[i], writerGuid: "w"))], probes[i].Ref, 1),
                    probes[i].Ref);
            }
        }

        foreach (var probe in probes)
        {
            for (var n = 0; n < 5; n++)
            {
                probe.ExpectMsg<WriteMessagesSuccessful>(Budget);
                probe.ExpectMsg<WriteMessageSuccess>(Budget);
            }
        }

        foreach (var id in ids)
        {
            Replay(id, 1, long.MaxValue, long.MaxValue).ShouldBe([1, 2, 3, 4, 5]);
        }
    }

    protected void WriteNotes(string persistenceId, long from, long to)
    {
        for (var n = from; n <= to; n++)
        {
            Write(persistenceId, [new Persistent(new Note($"note {n}"), n, persistenceId, writerGuid: "w")]);
            ExpectWritten(1);
        }
    }

    protected void Write(string persistenceId, IReadOnlyList<IPersistentRepresentation> events) =>
        JournalActor.Tell(new WriteMessages(events.Select(e => new AtomicWrite(e)).ToList(), TestActor, 1));

    protected void ExpectWritten(int events)
    {
        ExpectMsg<WriteMessagesSuccessful>(Budget);
        for (var i = 0; i < events; i++)
        {
            ExpectMsg<WriteMessageSuccess>(Budget);
        }
    }

    /// <summary>Asks for a replay and returns the sequence numbers replayed (the highest goes to <see cref="LastHighest"/>).</summary>
    protected List<long> Replay(string persistenceId, long from, long to, long max)
    {
        JournalActor.Tell(new ReplayMessages(from, to, max, persistenceId, TestActor));
        var replayed = new List<long>();
        while (true)
        {
            switch (ReceiveOne(Budget))
            {
                case ReplayedMessage message:
                    replayed.Add(message.Persistent.SequenceNr);
                    break;
                case RecoverySuccess success:
                    LastHighest = success.HighestSequenceNr;
                    return replayed;
                case var other:
                    throw new InvalidOperationException($"a replay answered {other?.GetType().Name ?? "nothing"} within {Budget}");
            }
        }
    }

    /// <summary>The highest sequence number the last <see cref="Replay"/> reported.</summary>
    protected long LastHighest { get; private set; }
}
