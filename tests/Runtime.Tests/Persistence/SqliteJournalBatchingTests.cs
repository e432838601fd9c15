using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using static AuthActors.Runtime.Tests.Persistence.JournalTestData;

namespace AuthActors.Runtime.Tests.Persistence;

public sealed class SqliteJournalBatchingTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Racing_appends_of_one_sequence_nr_let_exactly_one_win_while_the_rest_of_the_batch_commits()
    {
        // The gate holds the writer back until all three calls are queued, so they land in one transaction.
        var gate = new TaskCompletionSource();
        await using var journal = new SqliteJournal(fixture.Database, gate.Task);
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
        await using var journal = new SqliteJournal(fixture.Database);
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
        await using var journal = new SqliteJournal(fixture.Database, gate.Task);
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
        await using var journal = new SqliteJournal(fixture.Database);
        var id = NewPersistenceId();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        await journal.AppendAsync([Event(id, 1)], cancellation.Token).WaitAsync(Deadline, Ct);
        await cancellation.CancelAsync();

        (await journal.ReadHighestSequenceNrAsync(id, Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_transaction_fails_every_call_in_it_and_the_journal_recovers()
    {
        // A second database instance with a short busy timeout, so the writer gives up quickly on a held lock.
        var options = fixture.Options();
        options.BusyTimeout = TimeSpan.FromMilliseconds(100);
        var impatient = await SqliteDatabase.OpenAsync(options, Ct);
        var gate = new TaskCompletionSource();
        await using var journal = new SqliteJournal(impatient, gate.Task);
        var ids = Enumerable.Range(0, 3).Select(_ => NewPersistenceId()).ToArray();

        Task[] failing;
        await using (var lockHolder = await fixture.Database.OpenConnectionAsync(Ct))
        {
            using var transaction = lockHolder.BeginTransaction(deferred: false);
            failing = [.. ids.Select(id => journal.AppendAsync([Event(id, 1)], Ct))];
            gate.SetResult();
            await Task.WhenAny(Task.WhenAll(failing)).WaitAsync(Deadline, Ct);
        }

        failing.ShouldAllBe(t => t.IsFaulted && t.Exception!.InnerException is SqliteException);
        journal.AppendedBatches.ShouldBe(0);
        foreach (var id in ids)
        {
            await journal.AppendAsync([Event(id, 1)], Ct).WaitAsync(Deadline, Ct);
        }

        journal.AppendedEvents.ShouldBe(3);
    }
}
