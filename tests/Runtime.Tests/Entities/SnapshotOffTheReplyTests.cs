using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Sharding;
using AuthActors.Runtime.Tests.Persistence;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthActors.Runtime.Tests.Entities;

/// <summary>
/// A snapshot is saved while the reply goes out, not before it; and an entity that stops lets its snapshot finish,
/// so that its next incarnation recovers from it.
/// </summary>
public sealed class SnapshotOffTheReplyTests(SqliteStorage storage) : IClassFixture<SqliteStorage>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_reply_does_not_wait_for_the_snapshot_and_stopping_waits_for_it()
    {
        await using var journal = storage.OpenJournal();
        var snapshots = new GatedSnapshotStore();
        var context = new PersistenceContext(journal, snapshots, new CountSerializer(), TimeProvider.System, 2, NullLogger.Instance);
        var region = new ShardRegion("counter", 4, id => new Counter(id, context), new EntityOptions(), NullLogger.Instance);
        var id = $"c-{Guid.NewGuid():N}";

        (await region.AskAsync(id, "inc", cancellationToken: Ct)).ShouldBe(1);
        // The second event makes a snapshot due; its save is held at the gate, and the reply still arrives.
        (await region.AskAsync(id, "inc", cancellationToken: Ct)).ShouldBe(2);
        await snapshots.SaveStarted.WaitAsync(Ct);
        snapshots.Saved.ShouldBeEmpty();

        var stopping = region.DisposeAsync().AsTask();
        snapshots.Open();
        await stopping;
        snapshots.Saved.ShouldHaveSingleItem().SequenceNr.ShouldBe(2);
    }

    private sealed class GatedSnapshotStore : ISnapshotStore
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<SnapshotEnvelope> Saved { get; } = [];

        public Task SaveStarted => _started.Task;

        public void Open() => _gate.TrySetResult();

        public async Task SaveAsync(SnapshotEnvelope snapshot, CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await _gate.Task;
            lock (Saved)
            {
                Saved.Add(snapshot);
            }
        }

        public Task<SnapshotEnvelope?> LoadLatestAsync(string persistenceId, CancellationToken cancellationToken) =>
            Task.FromResult<SnapshotEnvelope?>(null);

        public IAsyncEnumerable<SnapshotEnvelope> LoadNewestFirstAsync(
            string persistenceId, SnapshotCriteria criteria, CancellationToken cancellationToken) =>
            AsyncEnumerable.Empty<SnapshotEnvelope>();

        public Task DeleteAsync(string persistenceId, SnapshotCriteria criteria, CancellationToken cancellationToken) =>
            Task.CompletedTask;
    }

    private sealed record Incremented;

    private sealed record CountState(int Count);

    private sealed class Counter(string id, PersistenceContext context)
        : EventSourcedEntity<CountState>($"counter|{id}", new CountState(0), context)
    {
        public override async Task<object> HandleAsync(object message, CancellationToken cancellationToken)
        {
            await PersistAsync([new Incremented()], cancellationToken);
            return State.Count;
        }

        protected override CountState ApplyEvent(CountState state, object domainEvent) => new(state.Count + 1);
    }

    private sealed class CountSerializer : IPersistenceSerializer
    {
        public (string Manifest, byte[] Payload) Serialize(object value) => ("counter.v1", []);

        public object Deserialize(string manifest, ReadOnlyMemory<byte> payload) => new Incremented();
    }
}
