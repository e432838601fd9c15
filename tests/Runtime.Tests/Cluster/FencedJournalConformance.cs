using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Tests.Persistence;
using static AuthActors.Runtime.Tests.Cluster.ClusterTestData;
using static AuthActors.Runtime.Tests.Persistence.JournalTestData;

namespace AuthActors.Runtime.Tests.Cluster;

/// <summary>
/// Appends fenced by a shard lease, run unchanged on each backend: the journal's transaction checks the lease, so a
/// member that lost its shard cannot append, whatever it believes.
/// </summary>
public abstract class FencedJournalConformance<TStorage>(TStorage storage) : IClassFixture<TStorage>
    where TStorage : class, IStorageUnderTest
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_append_fenced_with_the_current_epoch_is_stored()
    {
        var (region, a, _) = await TwoMembersAsync();
        var lease = (await storage.OpenShardLeaseStore().TryAcquireAsync(region, 1, a, Ttl, DownAfter, Ct))!;
        await using var journal = storage.OpenJournal();
        var id = NewPersistenceId();

        await journal.AppendAsync([Event(id, 1), Event(id, 2)], lease.ToFence(), Ct).WaitAsync(Deadline, Ct);

        (await ReadAllAsync(journal, id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_stale_fence_fails_its_append_alone_and_the_rest_of_the_batch_commits()
    {
        var (region, a, b) = await TwoMembersAsync();
        var leases = storage.OpenShardLeaseStore();
        var stale = (await leases.TryAcquireAsync(region, 1, a, Ttl, DownAfter, Ct))!;
        var other = (await leases.TryAcquireAsync(region, 2, a, Ttl, DownAfter, Ct))!;
        await storage.ExpireLeaseAsync(region, 1);
        (await leases.TryAcquireAsync(region, 1, b, Ttl, DownAfter, Ct)).ShouldNotBeNull();

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var journal = storage.OpenJournal(gate.Task);
        var (fencedOut, unfenced, otherShard) = (NewPersistenceId(), NewPersistenceId(), NewPersistenceId());
        var appends = new[]
        {
            journal.AppendAsync([Event(fencedOut, 1)], stale.ToFence(), Ct),
            journal.AppendAsync([Event(unfenced, 1)], Ct),
            journal.AppendAsync([Event(otherShard, 1), Event(otherShard, 2)], other.ToFence(), Ct),
        };
        var batchesBefore = journal.AppendedBatches;
        gate.SetResult();

        var refused = await Should.ThrowAsync<JournalFencedException>(appends[0].WaitAsync(Deadline, Ct));
        refused.PersistenceId.ShouldBe(fencedOut);
        refused.Fence.ShouldBe(stale.ToFence());
        await Task.WhenAll(appends[1], appends[2]).WaitAsync(Deadline, Ct);
        journal.AppendedBatches.ShouldBe(batchesBefore + 1);
        (await ReadAllAsync(journal, fencedOut)).ShouldBeEmpty();
        (await ReadAllAsync(journal, unfenced)).Count.ShouldBe(1);
        (await ReadAllAsync(journal, otherShard)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_released_lease_fences_its_former_owner_out()
    {
        var (region, a, _) = await TwoMembersAsync();
        var leases = storage.OpenShardLeaseStore();
        var lease = (await leases.TryAcquireAsync(region, 4, a, Ttl, DownAfter, Ct))!;
        (await leases.ReleaseAsync(lease, Ct)).ShouldBeTrue();
        await using var journal = storage.OpenJournal();
        var id = NewPersistenceId();

        await Should.ThrowAsync<JournalFencedException>(journal.AppendAsync([Event(id, 1)], lease.ToFence(), Ct).WaitAsync(Deadline, Ct));

        (await ReadAllAsync(journal, id)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Split_brain_only_the_newer_epoch_appends_and_history_does_not_fork(bool staleOwnerFirst)
    {
        // Two members both believe they own one shard: A still holds epoch 1 in memory, B took the shard at epoch 2
        // after A's lease expired. Both append the same user's next event, in one batch.
        var (region, a, b) = await TwoMembersAsync();
        var leases = storage.OpenShardLeaseStore();
        var leaseA = (await leases.TryAcquireAsync(region, 9, a, Ttl, DownAfter, Ct))!;
        await storage.ExpireLeaseAsync(region, 9);
        var leaseB = (await leases.TryAcquireAsync(region, 9, b, Ttl, DownAfter, Ct))!;
        (leaseA.Epoch, leaseB.Epoch).ShouldBe((1L, 2L));

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var journal = storage.OpenJournal(gate.Task);
        var id = NewPersistenceId();
        var fromA = Event(id, 1) with { Manifest = "from.a.v1" };
        var fromB = Event(id, 1) with { Manifest = "from.b.v1" };
        Task appendA, appendB;
        if (staleOwnerFirst)
        {
            appendA = journal.AppendAsync([fromA], leaseA.ToFence(), Ct);
            appendB = journal.AppendAsync([fromB], leaseB.ToFence(), Ct);
        }
        else
        {
            appendB = journal.AppendAsync([fromB], leaseB.ToFence(), Ct);
            appendA = journal.AppendAsync([fromA], leaseA.ToFence(), Ct);
        }

        gate.SetResult();

        await appendB.WaitAsync(Deadline, Ct);
        // Refused for its fence, whichever came first: the fence is checked before the sequence number.
        await Should.ThrowAsync<JournalFencedException>(appendA.WaitAsync(Deadline, Ct));
        (await ReadAllAsync(journal, id)).ShouldHaveSingleItem().Manifest.ShouldBe("from.b.v1");

        // A retrying later, in a batch of its own, is refused again; B goes on.
        await Should.ThrowAsync<JournalFencedException>(
            journal.AppendAsync([Event(id, 2)], leaseA.ToFence(), Ct).WaitAsync(Deadline, Ct));
        await journal.AppendAsync([Event(id, 2)], leaseB.ToFence(), Ct).WaitAsync(Deadline, Ct);
        (await ReadAllAsync(journal, id)).Select(e => e.SequenceNr).ShouldBe([1L, 2L]);
    }

    private async Task<(string Region, MemberId A, MemberId B)> TwoMembersAsync()
    {
        var members = storage.OpenMembershipStore();
        return (NewRegion(), await JoinUpAsync(members, NewNode()), await JoinUpAsync(members, NewNode()));
    }
}

/// <summary>The fenced-append conformance suite on SQLite.</summary>
public sealed class SqliteFencedJournalConformance(SqliteStorage storage) : FencedJournalConformance<SqliteStorage>(storage);

/// <summary>The fenced-append conformance suite on PostgreSQL.</summary>
public sealed class PostgresFencedJournalConformance(PostgresStorage storage) : FencedJournalConformance<PostgresStorage>(storage);
