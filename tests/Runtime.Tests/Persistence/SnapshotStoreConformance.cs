using System.Text;
using AuthActors.Runtime.Persistence;
using static AuthActors.Runtime.Tests.Persistence.JournalTestData;

namespace AuthActors.Runtime.Tests.Persistence;

/// <summary>What every <see cref="ISnapshotStore"/> must do, run unchanged against each backend.</summary>
public abstract class SnapshotStoreConformance<TStorage>(TStorage storage) : IClassFixture<TStorage>
    where TStorage : class, IStorageUnderTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Latest_of_two_saved_snapshots_is_loaded()
    {
        var store = storage.OpenSnapshotStore();
        var id = NewPersistenceId();
        await store.SaveAsync(Snapshot(id, 10), Ct);
        await store.SaveAsync(Snapshot(id, 20), Ct);

        var latest = await store.LoadLatestAsync(id, Ct);

        latest.ShouldNotBeNull();
        latest.PersistenceId.ShouldBe(id);
        latest.SequenceNr.ShouldBe(20);
        latest.Manifest.ShouldBe("user.state.v1");
        Encoding.UTF8.GetString(latest.Payload.Span).ShouldBe("""{"at":20}""");
        latest.Timestamp.ShouldBe(Timestamp.AddSeconds(20));
    }

    [Fact]
    public async Task Writer_without_snapshots_loads_null()
    {
        var store = storage.OpenSnapshotStore();

        (await store.LoadLatestAsync(NewPersistenceId(), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Saving_at_the_same_sequence_nr_replaces_the_snapshot()
    {
        var store = storage.OpenSnapshotStore();
        var id = NewPersistenceId();
        await store.SaveAsync(Snapshot(id, 5), Ct);
        await store.SaveAsync(Snapshot(id, 5) with { Manifest = "user.state.v2" }, Ct);

        (await store.LoadLatestAsync(id, Ct))!.Manifest.ShouldBe("user.state.v2");
    }

    [Fact]
    public async Task Only_the_latest_two_snapshots_of_a_writer_are_kept()
    {
        var store = storage.OpenSnapshotStore();
        var id = NewPersistenceId();
        var other = NewPersistenceId();
        await store.SaveAsync(Snapshot(other, 1), Ct);
        foreach (var sequenceNr in new long[] { 1, 2, 3, 4 })
        {
            await store.SaveAsync(Snapshot(id, sequenceNr), Ct);
        }

        (await storage.StoredSnapshotSequenceNrsAsync(id)).ShouldBe([3L, 4L]);
        (await storage.StoredSnapshotSequenceNrsAsync(other)).ShouldBe([1L]);
    }


    [Fact]
    public async Task Snapshots_survive_into_a_new_store_instance()
    {
        var id = NewPersistenceId();
        await storage.OpenSnapshotStore().SaveAsync(Snapshot(id, 7), Ct);

        (await storage.OpenSnapshotStore().LoadLatestAsync(id, Ct))!.SequenceNr.ShouldBe(7);
    }
}

/// <summary>The snapshot store conformance suite on SQLite.</summary>
public sealed class SqliteSnapshotStoreConformance(SqliteStorage storage) : SnapshotStoreConformance<SqliteStorage>(storage);

/// <summary>As a node runs it: the snapshots go through the journal's writer.</summary>
public sealed class SqliteSnapshotStoreThroughJournalWriterConformance(SqliteStorageThroughJournalWriter storage)
    : SnapshotStoreConformance<SqliteStorageThroughJournalWriter>(storage);

/// <summary>The snapshot store conformance suite on PostgreSQL.</summary>
public sealed class PostgresSnapshotStoreConformance(PostgresStorage storage) : SnapshotStoreConformance<PostgresStorage>(storage);
