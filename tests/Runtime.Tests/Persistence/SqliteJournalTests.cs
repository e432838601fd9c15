using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Sqlite;
using static AuthActors.Runtime.Tests.Persistence.JournalTestData;

namespace AuthActors.Runtime.Tests.Persistence;

public sealed class SqliteJournalTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appended_events_read_back_as_written()
    {
        await using var journal = new SqliteJournal(fixture.Database);
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
    public async Task Reading_from_a_sequence_nr_skips_the_events_before_it()
    {
        await using var journal = new SqliteJournal(fixture.Database);
        var id = NewPersistenceId();
        await journal.AppendAsync(Events(id, 1, 5), Ct).WaitAsync(Deadline, Ct);

        var read = await ReadAllAsync(journal, id, fromSequenceNr: 3);

        read.Select(e => e.SequenceNr).ShouldBe([3L, 4L, 5L]);
    }

    [Fact]
    public async Task Highest_sequence_nr_is_zero_for_a_new_writer_and_the_last_stored_after_appends()
    {
        await using var journal = new SqliteJournal(fixture.Database);
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
        await using var journal = new SqliteJournal(fixture.Database);
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
        await using (var first = new SqliteJournal(fixture.Database))
        {
            await first.AppendAsync(Events(id, 1, 3), Ct).WaitAsync(Deadline, Ct);
        }

        var reopened = await SqliteDatabase.OpenAsync(fixture.Options(), Ct);
        await using var second = new SqliteJournal(reopened);

        (await ReadAllAsync(second, id)).Select(e => e.SequenceNr).ShouldBe([1L, 2L, 3L]);
    }

    [Fact]
    public async Task Dispose_flushes_every_queued_append()
    {
        const int appends = 200;
        var ids = Enumerable.Range(0, appends).Select(_ => NewPersistenceId()).ToArray();
        var journal = new SqliteJournal(fixture.Database);
        var tasks = ids.Select(id => journal.AppendAsync([Event(id, 1)], Ct)).ToArray();

        await journal.DisposeAsync().AsTask().WaitAsync(Deadline, Ct);

        tasks.ShouldAllBe(t => t.IsCompletedSuccessfully);
        await using var reopened = new SqliteJournal(fixture.Database);
        foreach (var id in ids)
        {
            (await reopened.ReadHighestSequenceNrAsync(id, Ct)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Disposed_journal_refuses_appends()
    {
        var journal = new SqliteJournal(fixture.Database);
        await journal.DisposeAsync();

        Should.Throw<ObjectDisposedException>(() => journal.AppendAsync([Event(NewPersistenceId(), 1)], Ct));
    }

    [Fact]
    public async Task Append_with_a_gap_in_sequence_nrs_is_rejected()
    {
        await using var journal = new SqliteJournal(fixture.Database);
        var id = NewPersistenceId();

        Should.Throw<ArgumentException>(() => journal.AppendAsync([Event(id, 1), Event(id, 3)], Ct));
        (await journal.ReadHighestSequenceNrAsync(id, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Append_mixing_writers_is_rejected()
    {
        await using var journal = new SqliteJournal(fixture.Database);

        Should.Throw<ArgumentException>(
            () => journal.AppendAsync([Event(NewPersistenceId(), 1), Event(NewPersistenceId(), 2)], Ct));
    }

    [Fact]
    public async Task Empty_append_is_rejected()
    {
        await using var journal = new SqliteJournal(fixture.Database);

        Should.Throw<ArgumentException>(() => journal.AppendAsync([], Ct));
    }

    [Fact]
    public async Task Sequence_nrs_start_at_one()
    {
        await using var journal = new SqliteJournal(fixture.Database);

        Should.Throw<ArgumentException>(() => journal.AppendAsync([Event(NewPersistenceId(), 0)], Ct));
    }

    [Theory]
    [InlineData("a;b")]
    [InlineData("")]
    public async Task Tag_that_would_not_read_back_is_rejected(string tag)
    {
        await using var journal = new SqliteJournal(fixture.Database);

        Should.Throw<ArgumentException>(() => journal.AppendAsync([Event(NewPersistenceId(), 1, tag)], Ct));
    }
}
