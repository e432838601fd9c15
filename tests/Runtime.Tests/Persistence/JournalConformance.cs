using AuthActors.Runtime.Persistence;
using static AuthActors.Runtime.Tests.Persistence.JournalTestData;

namespace AuthActors.Runtime.Tests.Persistence;

/// <summary>
/// What every <see cref="IJournal"/> must do, run unchanged against each backend (one subclass per backend, each
/// test class with a database of its own).
/// </summary>
public abstract class JournalConformance<TStorage>(TStorage storage) : IClassFixture<TStorage>
    where TStorage : class, IStorageUnderTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appended_events_read_back_as_written()
    {
        await using var journal = storage.OpenJournal();
        var id = NewPersistenceId();
        var written = new[]
        {
            Event(id, 1, "user", "registered") with { Timestamp = Timestamp.AddTicks(4321).ToOffset(TimeSpan.FromHours(2)) },
            Event(id, 2),
            Event(id, 3, "login") with { Payload = ReadOnlyMemory<byte>.Empty },
        };

        await journal.AppendAsync(written, Ct).WaitAsync(Deadline, Ct);
        var read = await ReadAllAsync(journal, id);

        read.Count.ShouldBe(3);
        for (var i = 0; i < read.Count; i++)
        {
            read[i].PersistenceId.ShouldBe(id);
            read[i].SequenceNr.ShouldBe(written[i].SequenceNr);
            read[i].Manifest.ShouldBe(written[i].Manifest);
            read[i].Payload.ToArray().ShouldBe(written[i].Payload.ToArray());
            read[i].Tags.ShouldBe(written[i].Tags);
        }

        // Stored in unix milliseconds: sub-millisecond ticks are dropped, the instant is kept.
        read[0].Timestamp.ShouldBe(Timestamp);
        read[1].Timestamp.ShouldBe(written[1].Timestamp);
        read[0].Ordering.ShouldBeGreaterThan(0);
        read[1].Ordering.ShouldBeGreaterThan(read[0].Ordering);
        read[2].Ordering.ShouldBeGreaterThan(read[1].Ordering);
    }

    [Fact]
    public async Task The_event_log_reads_every_writer_in_commit_order_after_a_position()
    {
        await using var journal = storage.OpenJournal();
        var (a, b) = (NewPersistenceId(), NewPersistenceId());
        await journal.AppendAsync([Event(a, 1)], Ct).WaitAsync(Deadline, Ct);
        await journal.AppendAsync([Event(b, 1), Event(b, 2)], Ct).WaitAsync(Deadline, Ct);
        await journal.AppendAsync([Event(a, 2)], Ct).WaitAsync(Deadline, Ct);
        var start = (await ReadAllAsync(journal, a))[0].Ordering - 1;

        var all = new List<EventEnvelope>();
        await foreach (var envelope in journal.ReadAllAsync(start, 100, Ct))
        {
            all.Add(envelope);
        }

        var mine = all.Where(e => e.PersistenceId == a || e.PersistenceId == b).Select(e => (e.PersistenceId, e.SequenceNr)).ToList();
        mine.ShouldBe([(a, 1L), (b, 1L), (b, 2L), (a, 2L)]);
        all.Select(e => e.Ordering).ShouldBeInOrder(SortDirection.Ascending);

        var limited = new List<EventEnvelope>();
        await foreach (var envelope in journal.ReadAllAsync(all[0].Ordering, 2, Ct))
        {
            limited.Add(envelope);
        }

        limited.Select(e => e.Ordering).ShouldBe(all.Skip(1).Take(2).Select(e => e.Ordering));
    }

    [Fact]
    public async Task Reading_from_a_sequence_nr_skips_the_events_before_it()
    {
        await using var journal = storage.OpenJournal();
        var id = NewPersistenceId();
        await journal.AppendAsync(Events(id, 1, 5), Ct).WaitAsync(Deadline, Ct);

        var read = await ReadAllAsync(journal, id, fromSequenceNr: 3);

        read.Select(e => e.SequenceNr).ShouldBe([3L, 4L, 5L]);
    }

    [Fact]
    public async Task Highest_sequence_nr_is_zero_for_a_new_writer_and_the_last_stored_after_appends()
    {
        await using var journal = storage.OpenJournal();
        var id = NewPersistenceId();
        (await journal.ReadHighestSequenceNrAsync(id, Ct)).ShouldBe(0);

        await journal.AppendAsync(Events(id, 1, 2), Ct).WaitAsync(Deadline, Ct);
        await journal.AppendAsync(Events(id, 3, 4), Ct).WaitAsync(Deadline, Ct);

        (await journal.ReadHighestSequenceNrAsync(id, Ct)).ShouldBe(6);
        (await journal.ReadHighestSequenceNrAsync(NewPersistenceId(), Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Appending_a_taken_sequence_nr_later_is_refused_and_stores_nothing()
    {
        await using var journal = storage.OpenJournal();
        var id = NewPersistenceId();
        await journal.AppendAsync(Events(id, 1, 2), Ct).WaitAsync(Deadline, Ct);

        var refused = await Should.ThrowAsync<JournalConcurrencyException>(
            journal.AppendAsync(Events(id, 2, 3), Ct).WaitAsync(Deadline, Ct));

        refused.PersistenceId.ShouldBe(id);
        refused.SequenceNr.ShouldBe(2);
        (await journal.ReadHighestSequenceNrAsync(id, Ct)).ShouldBe(2);
    }

    [Fact]
    public async Task Events_survive_into_a_new_journal_instance()
    {
        var id = NewPersistenceId();
        await using (var first = storage.OpenJournal())
        {
            await first.AppendAsync(Events(id, 1, 3), Ct).WaitAsync(Deadline, Ct);
        }

        await using var second = await storage.ReopenJournalAsync();

        (await ReadAllAsync(second, id)).Select(e => e.SequenceNr).ShouldBe([1L, 2L, 3L]);
    }

    [Fact]
    public async Task Dispose_flushes_every_queued_append()
    {
        const int appends = 200;
        var ids = Enumerable.Range(0, appends).Select(_ => NewPersistenceId()).ToArray();
        var journal = storage.OpenJournal();
        var tasks = ids.Select(id => journal.AppendAsync([Event(id, 1)], Ct)).ToArray();

        await journal.DisposeAsync().AsTask().WaitAsync(Deadline, Ct);

        tasks.ShouldAllBe(t => t.IsCompletedSuccessfully);
        await using var reopened = storage.OpenJournal();
        foreach (var id in ids)
        {
            (await reopened.ReadHighestSequenceNrAsync(id, Ct)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Disposed_journal_refuses_appends()
    {
        var journal = storage.OpenJournal();
        await journal.DisposeAsync();

        Should.Throw<ObjectDisposedException>(() => journal.AppendAsync([Event(NewPersistenceId(), 1)], Ct));
    }

    [Fact]
    public async Task Append_with_a_gap_in_sequence_nrs_is_rejected()
    {
        await using var journal = storage.OpenJournal();
        var id = NewPersistenceId();

        Should.Throw<ArgumentException>(() => journal.AppendAsync([Event(id, 1), Event(id, 3)], Ct));
        (await journal.ReadHighestSequenceNrAsync(id, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Append_mixing_writers_is_rejected()
    {
        await using var journal = storage.OpenJournal();

        Should.Throw<ArgumentException>(
            () => journal.AppendAsync([Event(NewPersistenceId(), 1), Event(NewPersistenceId(), 2)], Ct));
    }

    [Fact]
    public async Task Empty_append_is_rejected()
    {
        await using var journal = storage.OpenJournal();

        Should.Throw<ArgumentException>(() => journal.AppendAsync([], Ct));
    }

    [Fact]
    public async Task Sequence_nrs_start_at_one()
    {
        await using var journal = storage.OpenJournal();

        Should.Throw<ArgumentException>(() => journal.AppendAsync([Event(NewPersistenceId(), 0)], Ct));
    }

    [Theory]
    [InlineData("a;b")]
    [InlineData("")]
    public async Task Tag_that_would_not_read_back_is_rejected(string tag)
    {
        await using var journal = storage.OpenJournal();

        Should.Throw<ArgumentException>(() => journal.AppendAsync([Event(NewPersistenceId(), 1, tag)], Ct));
    }

    [Fact]
    public async Task Racing_appends_of_one_sequence_nr_let_exactly_one_win_while_the_rest_of_the_batch_commits()
    {
        // The gate holds the writer back until all three calls are queued, so they land in one transaction.
        var gate = new TaskCompletionSource();
        await using var journal = storage.OpenJournal(gate.Task);
        var contested = NewPersistenceId();
        var bystander = NewPersistenceId();

        var first = journal.AppendAsync([Event(contested, 1) with { Manifest = "first.v1" }], Ct);
        var second = journal.AppendAsync([Event(contested, 1) with { Manifest = "second.v1" }], Ct);
        var unrelated = journal.AppendAsync(Events(bystander, 1, 2), Ct);
        gate.SetResult();

        await unrelated.WaitAsync(Deadline, Ct);
        await first.WaitAsync(Deadline, Ct);
        var lost = await Should.ThrowAsync<JournalConcurrencyException>(second.WaitAsync(Deadline, Ct));
        lost.PersistenceId.ShouldBe(contested);
        lost.SequenceNr.ShouldBe(1);
        journal.AppendedBatches.ShouldBe(1);
        journal.AppendedEvents.ShouldBe(3);
        (await ReadAllAsync(journal, contested)).ShouldHaveSingleItem().Manifest.ShouldBe("first.v1");
        (await ReadAllAsync(journal, bystander)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Many_concurrent_appends_share_transactions_and_only_one_per_sequence_nr_wins()
    {
        const int writers = 100;
        await using var journal = storage.OpenJournal();
        var contested = NewPersistenceId();
        var ids = Enumerable.Range(0, writers).Select(_ => NewPersistenceId()).ToArray();

        var contenders = Enumerable.Range(0, 10).Select(_ => journal.AppendAsync([Event(contested, 1)], Ct)).ToArray();
        var others = ids.Select(id => journal.AppendAsync(Events(id, 1, 2), Ct)).ToArray();
        await Task.WhenAll(others).WaitAsync(Deadline, Ct);
        await Task.WhenAny(Task.WhenAll(contenders)).WaitAsync(Deadline, Ct);

        contenders.Count(t => t.IsCompletedSuccessfully).ShouldBe(1);
        contenders.Count(t => t.Exception?.InnerException is JournalConcurrencyException).ShouldBe(9);
        journal.AppendedBatches.ShouldBeLessThan(contenders.Length + others.Length);
        journal.AppendedEvents.ShouldBe(1 + (2 * writers));
    }

    [Fact]
    public async Task Append_cancelled_before_it_is_written_is_not_written()
    {
        var gate = new TaskCompletionSource();
        await using var journal = storage.OpenJournal(gate.Task);
        var id = NewPersistenceId();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var cancelled = journal.AppendAsync([Event(id, 1) with { Manifest = "cancelled.v1" }], cancellation.Token);
        await cancellation.CancelAsync();

        await Should.ThrowAsync<TaskCanceledException>(cancelled.WaitAsync(Deadline, Ct));
        gate.SetResult();
        await journal.AppendAsync([Event(id, 1)], Ct).WaitAsync(Deadline, Ct);
        (await ReadAllAsync(journal, id)).ShouldHaveSingleItem().Manifest.ShouldBe("test.happened.v1");
    }

    [Fact]
    public async Task Append_cancelled_after_it_is_written_completes_normally()
    {
        await using var journal = storage.OpenJournal();
        var id = NewPersistenceId();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        await journal.AppendAsync([Event(id, 1)], cancellation.Token).WaitAsync(Deadline, Ct);
        await cancellation.CancelAsync();

        (await journal.ReadHighestSequenceNrAsync(id, Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task Append_overlapping_stored_events_fails_alone_within_its_batch_and_stores_none_of_its_events()
    {
        var id = NewPersistenceId();
        var bystander = NewPersistenceId();
        await using (var first = storage.OpenJournal())
        {
            await first.AppendAsync(Events(id, 1, 2), Ct).WaitAsync(Deadline, Ct);
        }

        var gate = new TaskCompletionSource();
        await using var journal = storage.OpenJournal(gate.Task);
        var overlapping = journal.AppendAsync(Events(id, 2, 3), Ct);
        var unrelated = journal.AppendAsync(Events(bystander, 1, 3), Ct);
        gate.SetResult();

        await unrelated.WaitAsync(Deadline, Ct);
        (await Should.ThrowAsync<JournalConcurrencyException>(overlapping.WaitAsync(Deadline, Ct))).SequenceNr.ShouldBe(2);
        (await journal.ReadHighestSequenceNrAsync(id, Ct)).ShouldBe(2);
        (await ReadAllAsync(journal, bystander)).Select(e => e.SequenceNr).ShouldBe([1L, 2L, 3L]);
        journal.AppendedBatches.ShouldBe(1);
    }

    [Fact]
    public async Task A_single_event_that_collides_fails_alone_between_two_appends_of_its_batch()
    {
        var id = NewPersistenceId();
        var (before, after) = (NewPersistenceId(), NewPersistenceId());
        await using (var first = storage.OpenJournal())
        {
            await first.AppendAsync(Events(id, 1, 1), Ct).WaitAsync(Deadline, Ct);
        }

        var gate = new TaskCompletionSource();
        await using var journal = storage.OpenJournal(gate.Task);
        var earlier = journal.AppendAsync(Events(before, 1, 1), Ct);
        var colliding = journal.AppendAsync(Events(id, 1, 1), Ct);
        var later = journal.AppendAsync(Events(after, 1, 1), Ct);
        gate.SetResult();

        await earlier.WaitAsync(Deadline, Ct);
        await later.WaitAsync(Deadline, Ct);
        (await Should.ThrowAsync<JournalConcurrencyException>(colliding.WaitAsync(Deadline, Ct))).SequenceNr.ShouldBe(1);
        (await ReadAllAsync(journal, id)).Count.ShouldBe(1);
        (await ReadAllAsync(journal, before)).Count.ShouldBe(1);
        (await ReadAllAsync(journal, after)).Count.ShouldBe(1);
        journal.AppendedBatches.ShouldBe(1);
    }

    [Fact]
    public async Task Orderings_grow_with_every_append_across_writers()
    {
        await using var journal = storage.OpenJournal();
        var ids = Enumerable.Range(0, 5).Select(_ => NewPersistenceId()).ToArray();
        foreach (var id in ids)
        {
            await journal.AppendAsync(Events(id, 1, 2), Ct).WaitAsync(Deadline, Ct);
        }

        var orderings = new List<long>();
        foreach (var id in ids)
        {
            orderings.AddRange((await ReadAllAsync(journal, id)).Select(e => e.Ordering));
        }

        orderings.ShouldBe(orderings.Order().ToList());
        orderings.Distinct().Count().ShouldBe(10);
    }
}

/// <summary>The journal conformance suite on SQLite.</summary>
public sealed class SqliteJournalConformance(SqliteStorage storage) : JournalConformance<SqliteStorage>(storage);

/// <summary>The journal conformance suite on PostgreSQL.</summary>
public sealed class PostgresJournalConformance(PostgresStorage storage) : JournalConformance<PostgresStorage>(storage);
