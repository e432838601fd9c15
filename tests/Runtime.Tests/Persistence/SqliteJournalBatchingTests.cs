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

        // A held lock is "storage unavailable, try again", with SQLite's own error inside.
        failing.ShouldAllBe(t => t.IsFaulted && t.Exception!.InnerException is StorageUnavailableException
            && t.Exception.InnerException.InnerException is SqliteException);
        journal.AppendedBatches.ShouldBe(0);
        foreach (var id in ids)
        {
            await journal.AppendAsync([Event(id, 1)], Ct).WaitAsync(Deadline, Ct);
        }

        journal.AppendedEvents.ShouldBe(3);
    }

    [Fact]
    public async Task A_snapshot_given_the_journal_is_saved_in_the_writers_next_batch_with_the_appends()
    {
        var gate = new TaskCompletionSource();
        await using var journal = new SqliteJournal(fixture.Database, gate.Task);
        var store = new SqliteSnapshotStore(fixture.Database, journal);
        var id = NewPersistenceId();

        // The writer is held: neither the append nor the save can reach the database before it runs.
        var append = journal.AppendAsync([Event(id, 1)], Ct);
        var save = store.SaveAsync(Snapshot(id, 1), Ct);
        (await store.LoadLatestAsync(id, Ct)).ShouldBeNull();
        save.IsCompleted.ShouldBeFalse();
        gate.SetResult();
        await Task.WhenAll(append, save).WaitAsync(Deadline, Ct);

        (await store.LoadLatestAsync(id, Ct))!.SequenceNr.ShouldBe(1);
        journal.AppendedBatches.ShouldBe(1);
        journal.AppendedEvents.ShouldBe(1);
    }

    [Fact]
    public async Task A_snapshot_that_cannot_be_saved_fails_alone_and_its_batch_commits()
    {
        var gate = new TaskCompletionSource();
        await using var journal = new SqliteJournal(fixture.Database, gate.Task);
        var (first, second) = (NewPersistenceId(), NewPersistenceId());

        // A snapshot without a manifest (the store's own checks would refuse it; here it reaches the writer), queued
        // between two appends of the same batch.
        var before = journal.AppendAsync([Event(first, 1)], Ct);
        var refused = journal.SaveSnapshotAsync(Snapshot(first, 1) with { Manifest = null! }, Ct);
        var after = journal.AppendAsync([Event(second, 1)], Ct);
        gate.SetResult();

        await Task.WhenAll(before, after).WaitAsync(Deadline, Ct);
        await Should.ThrowAsync<InvalidOperationException>(refused.WaitAsync(Deadline, Ct));
        journal.AppendedBatches.ShouldBe(1);
        journal.AppendedEvents.ShouldBe(2);
        (await new SqliteSnapshotStore(fixture.Database).LoadLatestAsync(first, Ct)).ShouldBeNull();
    }
}
