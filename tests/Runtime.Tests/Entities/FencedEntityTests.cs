using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.Runtime.Sharding;
using AuthActors.Runtime.Tests.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using static AuthActors.Runtime.Tests.Cluster.ClusterTestData;

namespace AuthActors.Runtime.Tests.Entities;

/// <summary>An event-sourced entity whose shard lease was taken over: its append is refused, nothing is applied, it restarts.</summary>
public sealed class FencedEntityTests(SqliteStorage storage) : IClassFixture<SqliteStorage>
{
    private const string Region = "counter";
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_entity_whose_lease_moved_fails_the_request_applies_nothing_and_recovers_later()
    {
        var members = storage.OpenMembershipStore();
        var leases = storage.OpenShardLeaseStore();
        var (a, b) = (await JoinUpAsync(members, NewNode()), await JoinUpAsync(members, NewNode()));
        await using var journal = storage.OpenJournal();
        var id = $"c-{Guid.NewGuid():N}";
        var shard = ShardId.Of(id, 10);
        ShardLease? held = await leases.TryAcquireAsync(Region, shard, a, Ttl, DownAfter, Ct);
        var context = new PersistenceContext(journal, storage.OpenSnapshotStore(), new CounterSerializer(), TimeProvider.System, 0, NullLogger.Instance)
        {
            Fence = () => held?.ToFence(),
        };
        await using var region = new ShardRegion(Region, 10, entityId => new Counter(entityId, context), new EntityOptions(), NullLogger.Instance);
        (await region.AskAsync(id, "inc", cancellationToken: Ct)).ShouldBe(1);

        // B takes the shard over and appends as its new owner; A's entity still has its old state and fence.
        await storage.ExpireLeaseAsync(Region, shard);
        var leaseB = (await leases.TryAcquireAsync(Region, shard, b, Ttl, DownAfter, Ct))!;
        await journal.AppendAsync([JournalTestData.Event(Counter.PersistenceIdOf(id), 2) with { Manifest = CounterSerializer.Manifest }], leaseB.ToFence(), Ct);

        var failure = await Should.ThrowAsync<EntityFailedException>(region.AskAsync(id, "inc", cancellationToken: Ct));
        failure.InnerException.ShouldBeOfType<JournalFencedException>().Fence.Epoch.ShouldBe(1);
        (await JournalTestData.ReadAllAsync(journal, Counter.PersistenceIdOf(id))).Count.ShouldBe(2);

        // When the shard comes back to A (B released it), the restarted entity recovers B's event before going on.
        (await leases.ReleaseAsync(leaseB, Ct)).ShouldBeTrue();
        held = await leases.TryAcquireAsync(Region, shard, a, Ttl, DownAfter, Ct);
        held.ShouldNotBeNull().Epoch.ShouldBe(3);
        (await region.AskAsync(id, "inc", cancellationToken: Ct)).ShouldBe(3);
    }

    private sealed record Incremented;

    private sealed record CounterState(int Count);

    /// <summary>Counts "inc" messages, one event each.</summary>
    private sealed class Counter(string id, PersistenceContext context)
        : EventSourcedEntity<CounterState>(PersistenceIdOf(id), new CounterState(0), context)
    {
        public static string PersistenceIdOf(string id) => $"counter|{id}";

        public override async Task<object> HandleAsync(object message, CancellationToken cancellationToken)
        {
            await PersistAsync([new Incremented()], cancellationToken);
            return State.Count;
        }

        protected override CounterState ApplyEvent(CounterState state, object domainEvent) => new(state.Count + 1);
    }

    private sealed class CounterSerializer : IPersistenceSerializer
    {
        public const string Manifest = "counter.incremented.v1";

        public (string Manifest, byte[] Payload) Serialize(object value) => (Manifest, []);

        public object Deserialize(string manifest, ReadOnlyMemory<byte> payload) => new Incremented();
    }
}
