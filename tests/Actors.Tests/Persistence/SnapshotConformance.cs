using Akka.Actor;
using Akka.Persistence;

namespace AuthActors.Actors.Tests.Persistence;

/// <summary>
/// What Akka.Persistence.TCK checks of a snapshot store, run on every plugin and every backend: the latest snapshot,
/// selection by sequence number and by time, and deletes by metadata and by criteria. Each writer saves at most two
/// snapshots, which is what the fenced store keeps.
/// </summary>
public abstract class SnapshotConformance<TPlugin>(TPlugin plugin) : Akka.TestKit.Xunit2.TestKit(plugin.Setup())
    where TPlugin : PluginUnderTest
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    private IActorRef Store => Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);

    protected TPlugin Plugin { get; } = plugin;

    [Fact]
    public void Loads_the_latest_snapshot()
    {
        var id = NewPersistenceId();
        Save(id, 3, "at 3");
        Save(id, 5, "at 5");
        Load(id, SnapshotSelectionCriteria.Latest).ShouldBe((5L, "at 5"));
    }

    [Fact]
    public void Loads_the_latest_at_or_below_a_sequence_number()
    {
        var id = NewPersistenceId();
        Save(id, 3, "at 3");
        Save(id, 5, "at 5");
        Load(id, new SnapshotSelectionCriteria(4)).ShouldBe((3L, "at 3"));
        Load(id, new SnapshotSelectionCriteria(2)).ShouldBeNull();
    }

    [Fact]
    public void Loads_the_latest_at_or_before_a_time()
    {
        var id = NewPersistenceId();
        var first = Save(id, 3, "at 3");
        Save(id, 5, "at 5");
        Load(id, new SnapshotSelectionCriteria(long.MaxValue, first.Timestamp)).ShouldBe((3L, "at 3"));
    }

    [Fact]
    public void A_writer_without_snapshots_loads_none()
    {
        Load(NewPersistenceId(), SnapshotSelectionCriteria.Latest).ShouldBeNull();
    }

    [Fact]
    public void Deleting_one_snapshot_leaves_the_other()
    {
        var id = NewPersistenceId();
        Save(id, 3, "at 3");
        var latest = Save(id, 5, "at 5");
        Store.Tell(new DeleteSnapshot(latest), TestActor);
        ExpectMsg<DeleteSnapshotSuccess>(Budget);
        Load(id, SnapshotSelectionCriteria.Latest).ShouldBe((3L, "at 3"));
    }

    [Fact]
    public void Deleting_by_criteria_removes_what_they_select()
    {
        var id = NewPersistenceId();
        Save(id, 3, "at 3");
        Save(id, 5, "at 5");
        Store.Tell(new DeleteSnapshots(id, new SnapshotSelectionCriteria(4)), TestActor);
        ExpectMsg<DeleteSnapshotsSuccess>(Budget);
        Load(id, new SnapshotSelectionCriteria(4)).ShouldBeNull();
        Load(id, SnapshotSelectionCriteria.Latest).ShouldBe((5L, "at 5"));

        Store.Tell(new DeleteSnapshots(id, SnapshotSelectionCriteria.Latest), TestActor);
        ExpectMsg<DeleteSnapshotsSuccess>(Budget);
        Load(id, SnapshotSelectionCriteria.Latest).ShouldBeNull();
    }

    protected static string NewPersistenceId() => $"test|{Guid.NewGuid():N}";

    /// <summary>Saves a snapshot and returns its metadata as stored (with the store's timestamp).</summary>
    protected SnapshotMetadata Save(string persistenceId, long sequenceNr, string text)
    {
        Store.Tell(new SaveSnapshot(new SnapshotMetadata(persistenceId, sequenceNr, DateTime.UtcNow), new Note(text)), TestActor);
        ExpectMsg<SaveSnapshotSuccess>(Budget);
        Store.Tell(new LoadSnapshot(persistenceId, new SnapshotSelectionCriteria(sequenceNr, DateTime.MaxValue, sequenceNr), long.MaxValue), TestActor);
        return ExpectMsg<LoadSnapshotResult>(Budget).Snapshot?.Metadata
            ?? throw new InvalidOperationException($"the snapshot at {sequenceNr} was saved but does not load");
    }

    /// <summary>The sequence number and text of the snapshot the criteria select, or null.</summary>
    protected (long SequenceNr, string Text)? Load(string persistenceId, SnapshotSelectionCriteria criteria)
    {
        Store.Tell(new LoadSnapshot(persistenceId, criteria, long.MaxValue), TestActor);
        return ExpectMsg<LoadSnapshotResult>(Budget).Snapshot is { } selected
            ? (selected.Metadata.SequenceNr, ((Note)selected.Snapshot).Text)
            : null;
    }
}
