using System.Text;
using Akka.Actor;
using Akka.Persistence;
using AuthActors.Node.Users;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Actors.Tests.Persistence;

/// <summary>
/// What only the project's plugin promises: appends fenced by the shard lease, a bad latest snapshot that falls back
/// to the one before it, and the tables the runtime wrote before the move, read and written as they were.
/// </summary>
public abstract class FencedPluginTests<TPlugin>(TPlugin plugin) : Akka.TestKit.Xunit2.TestKit(plugin.Setup())
    where TPlugin : FencedPlugin
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(1);

    private IActorRef JournalActor => Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);

    private IActorRef SnapshotStore => Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);

    [Fact]
    public async Task An_append_under_a_lease_taken_over_fails_and_stores_nothing()
    {
        var id = NewPersistenceId();
        var shard = Random.Shared.Next(1_000_000);
        var a = (await plugin.Members.JoinAsync("a", "127.0.0.1:1", ["users"], CancellationToken.None)).Id;
        var b = (await plugin.Members.JoinAsync("b", "127.0.0.1:2", ["users"], CancellationToken.None)).Id;
        var first = await plugin.Leases.TryAcquireAsync("test", shard, a, LeaseTtl, LeaseTtl, CancellationToken.None);
        first.ShouldNotBeNull();
        Fence(id, first.ToFence());
        Write(id, 1, "under the first owner");
        ExpectMsg<WriteMessagesSuccessful>(Budget);
        ExpectMsg<WriteMessageSuccess>(Budget);

        (await plugin.Leases.ReleaseAsync(first, CancellationToken.None)).ShouldBeTrue();
        var second = await plugin.Leases.TryAcquireAsync("test", shard, b, LeaseTtl, LeaseTtl, CancellationToken.None);
        second.ShouldNotBeNull().Epoch.ShouldBeGreaterThan(first.Epoch);

        Write(id, 2, "from the former owner");
        ExpectMsg<WriteMessagesFailed>(Budget).Cause.ShouldBeOfType<JournalFencedException>();
        ExpectMsg<WriteMessageFailure>(Budget);
        (await plugin.Journal.ReadHighestSequenceNrAsync(id, CancellationToken.None)).ShouldBe(1);

        Fence(id, second.ToFence());
        Write(id, 2, "from the new owner");
        ExpectMsg<WriteMessagesSuccessful>(Budget);
        ExpectMsg<WriteMessageSuccess>(Budget);
    }

    [Fact]
    public async Task A_latest_snapshot_that_does_not_read_falls_back_to_the_one_before()
    {
        var id = NewPersistenceId();
        SnapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata(id, 3, DateTime.UtcNow), new Note("good")), TestActor);
        ExpectMsg<SaveSnapshotSuccess>(Budget);
        await plugin.Snapshots.SaveAsync(
            new SnapshotEnvelope(id, 5, NoteSerializer.ManifestName, "not json"u8.ToArray(), DateTimeOffset.UtcNow), CancellationToken.None);

        SnapshotStore.Tell(new LoadSnapshot(id, SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
        var selected = ExpectMsg<LoadSnapshotResult>(Budget).Snapshot.ShouldNotBeNull();
        selected.Metadata.SequenceNr.ShouldBe(3);
        selected.Snapshot.ShouldBe(new Note("good"));
    }

    [Fact]
    public async Task A_latest_snapshot_of_an_unknown_manifest_falls_back_to_the_one_before()
    {
        var id = NewPersistenceId();
        SnapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata(id, 3, DateTime.UtcNow), new Note("good")), TestActor);
        ExpectMsg<SaveSnapshotSuccess>(Budget);
        await plugin.Snapshots.SaveAsync(
            new SnapshotEnvelope(id, 5, "test.from-a-newer-release.v9", "{}"u8.ToArray(), DateTimeOffset.UtcNow), CancellationToken.None);

        SnapshotStore.Tell(new LoadSnapshot(id, SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
        ExpectMsg<LoadSnapshotResult>(Budget).Snapshot.ShouldNotBeNull().Metadata.SequenceNr.ShouldBe(3);
    }

    [Fact]
    public async Task A_users_events_written_by_the_runtime_before_the_move_replay_through_the_plugin()
    {
        var userId = $"u{Guid.NewGuid():N}"[..20];
        var persistenceId = UserEntity.PersistenceIdOf(userId);
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        UserEvent[] history =
        [
            new UserEvent.Registered(userId, "hash-1", at),
            new UserEvent.LoginFailed(at.AddMinutes(1), "127.0.0.1"),
            new UserEvent.PasswordChanged("hash-2", at.AddMinutes(2)),
        ];
        var serializer = UserPersistenceSerializer.Create();
        await plugin.Journal.AppendAsync(
            [.. history.Select((e, i) =>
            {
                var (manifest, payload) = serializer.Serialize(e);
                return new EventEnvelope(persistenceId, i + 1, manifest, payload, at, []);
            })],
            CancellationToken.None);

        JournalActor.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, persistenceId, TestActor));
        foreach (var expected in history)
        {
            ExpectMsg<ReplayedMessage>(Budget).Persistent.Payload.ShouldBe(expected);
        }

        ExpectMsg<RecoverySuccess>(Budget).HighestSequenceNr.ShouldBe(3);
    }

    [Fact]
    public async Task Events_the_plugin_writes_are_the_rows_the_runtime_wrote()
    {
        var userId = $"u{Guid.NewGuid():N}"[..20];
        var persistenceId = UserEntity.PersistenceIdOf(userId);
        var registered = new UserEvent.Registered(userId, "hash-1", DateTimeOffset.UnixEpoch.AddDays(20_000));
        JournalActor.Tell(new WriteMessages([new AtomicWrite(new Persistent(registered, 1, persistenceId, writerGuid: "w"))], TestActor, 1));
        ExpectMsg<WriteMessagesSuccessful>(Budget);
        ExpectMsg<WriteMessageSuccess>(Budget);

        var rows = new List<EventEnvelope>();
        await foreach (var row in plugin.Journal.ReadEventsAsync(persistenceId, 1, CancellationToken.None))
        {
            rows.Add(row);
        }

        var stored = rows.ShouldHaveSingleItem();
        stored.Manifest.ShouldBe("user.registered.v1");
        UserPersistenceSerializer.Create().Deserialize(stored.Manifest, stored.Payload).ShouldBe(registered);
    }

    [Fact]
    public async Task A_snapshot_of_a_version_before_the_move_loads_upcast()
    {
        var persistenceId = UserEntity.PersistenceIdOf($"u{Guid.NewGuid():N}"[..20]);
        var version1 = """{"exists":true,"password_hash":"hash-1","created_at":"2026-11-01T00:00:00+00:00","failed_attempts":0}""";
        await plugin.Snapshots.SaveAsync(
            new SnapshotEnvelope(persistenceId, 4, "user.state.v1", Encoding.UTF8.GetBytes(version1), DateTimeOffset.UtcNow),
            CancellationToken.None);

        SnapshotStore.Tell(new LoadSnapshot(persistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
        var state = ExpectMsg<LoadSnapshotResult>(Budget).Snapshot.ShouldNotBeNull().Snapshot.ShouldBeOfType<UserState>();
        state.PasswordHash.ShouldBe("hash-1");
        state.Sessions.ShouldBeEmpty();
        state.NextInboxNumber.ShouldBe(1);
    }

    [Fact]
    public void A_payload_whose_serializer_owns_no_manifest_prefix_is_refused_and_not_stored()
    {
        var id = NewPersistenceId();
        JournalActor.Tell(new WriteMessages([new AtomicWrite(new Persistent("a plain string", 1, id, writerGuid: "w"))], TestActor, 1));
        ExpectMsg<WriteMessagesSuccessful>(Budget);
        ExpectMsg<WriteMessageRejected>(Budget).Cause.Message.ShouldContain("serializers-by-manifest-prefix");
    }

    private static string NewPersistenceId() => $"test|{Guid.NewGuid():N}";

    private void Fence(string persistenceId, JournalFence fence)
    {
        lock (plugin.Fences)
        {
            plugin.Fences[persistenceId] = fence;
        }
    }

    private void Write(string persistenceId, long sequenceNr, string text) => JournalActor.Tell(
        new WriteMessages([new AtomicWrite(new Persistent(new Note(text), sequenceNr, persistenceId, writerGuid: "w"))], TestActor, 1));
}

public sealed class FencedPluginOnSqliteTests(FencedPluginOnSqlite plugin)
    : FencedPluginTests<FencedPluginOnSqlite>(plugin), IClassFixture<FencedPluginOnSqlite>;

public sealed class FencedPluginOnPostgresTests(FencedPluginOnPostgres plugin)
    : FencedPluginTests<FencedPluginOnPostgres>(plugin), IClassFixture<FencedPluginOnPostgres>;
