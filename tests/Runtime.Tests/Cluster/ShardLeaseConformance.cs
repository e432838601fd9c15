using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Tests.Persistence;
using static AuthActors.Runtime.Tests.Cluster.ClusterTestData;

namespace AuthActors.Runtime.Tests.Cluster;

/// <summary>What every <see cref="IShardLeaseStore"/> must do, run unchanged on each backend; each test in a region of its own.</summary>
public abstract class ShardLeaseConformance<TStorage>(TStorage storage) : IClassFixture<TStorage>
    where TStorage : class, IStorageUnderTest
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_free_shard_is_acquired_at_epoch_1_and_refused_to_others_while_held()
    {
        var (members, leases) = Open();
        var (a, b) = (await JoinUpAsync(members, NewNode()), await JoinUpAsync(members, NewNode()));
        var region = NewRegion();

        var lease = (await leases.TryAcquireAsync(region, 7, a, Ttl, DownAfter, Ct)).ShouldNotBeNull();

        lease.Epoch.ShouldBe(1);
        lease.Owner.ShouldBe(a);
        (await leases.TryAcquireAsync(region, 7, b, Ttl, DownAfter, Ct)).ShouldBeNull();
        // The holder acquiring again keeps its epoch.
        (await leases.TryAcquireAsync(region, 7, a, Ttl, DownAfter, Ct)).ShouldNotBeNull().Epoch.ShouldBe(1);
        var table = await leases.ReadAllAsync(region, Ct);
        table.Leases.ShouldHaveSingleItem().ShouldBe(lease with { ExpiresAt = table.Leases[0].ExpiresAt });
        table.Live.Count.ShouldBe(1);
        table.Leases[0].ExpiresAt.ShouldBeGreaterThan(table.ReadAt);
    }

    [Fact]
    public async Task Renew_extends_a_held_lease_and_release_frees_it_for_the_next_epoch()
    {
        var (members, leases) = Open();
        var (a, b) = (await JoinUpAsync(members, NewNode()), await JoinUpAsync(members, NewNode()));
        var region = NewRegion();
        var lease = (await leases.TryAcquireAsync(region, 0, a, TimeSpan.FromSeconds(30), DownAfter, Ct))!;

        var renewed = (await leases.RenewAsync(lease, TimeSpan.FromMinutes(5), Ct)).ShouldNotBeNull();
        renewed.ExpiresAt.ShouldBeGreaterThan(lease.ExpiresAt);
        renewed.Epoch.ShouldBe(lease.Epoch);

        (await leases.ReleaseAsync(renewed, Ct)).ShouldBeTrue();
        (await leases.ReadAllAsync(region, Ct)).Leases.ShouldBeEmpty();
        (await leases.RenewAsync(renewed, Ttl, Ct)).ShouldBeNull();
        (await leases.ReleaseAsync(renewed, Ct)).ShouldBeFalse();

        (await leases.TryAcquireAsync(region, 0, b, Ttl, DownAfter, Ct)).ShouldNotBeNull().Epoch.ShouldBe(2);
    }

    [Fact]
    public async Task A_takeover_after_expiry_increments_the_epoch_and_the_old_owner_cannot_renew()
    {
        var (members, leases) = Open();
        var (a, b) = (await JoinUpAsync(members, NewNode()), await JoinUpAsync(members, NewNode()));
        var region = NewRegion();
        var old = (await leases.TryAcquireAsync(region, 3, a, Ttl, DownAfter, Ct))!;

        await storage.ExpireLeaseAsync(region, 3);
        var taken = (await leases.TryAcquireAsync(region, 3, b, Ttl, DownAfter, Ct)).ShouldNotBeNull();

        taken.Epoch.ShouldBe(old.Epoch + 1);
        (await leases.RenewAsync(old, Ttl, Ct)).ShouldBeNull();
        (await leases.ReleaseAsync(old, Ct)).ShouldBeFalse();
        (await leases.ReadAllAsync(region, Ct)).Leases.ShouldHaveSingleItem().Owner.ShouldBe(b);
    }

    [Fact]
    public async Task An_expired_lease_nobody_took_is_renewed_with_its_epoch()
    {
        var (members, leases) = Open();
        var a = await JoinUpAsync(members, NewNode());
        var region = NewRegion();
        var lease = (await leases.TryAcquireAsync(region, 1, a, Ttl, DownAfter, Ct))!;
        await storage.ExpireLeaseAsync(region, 1);

        (await leases.RenewAsync(lease, Ttl, Ct)).ShouldNotBeNull().Epoch.ShouldBe(lease.Epoch);
    }

    [Fact]
    public async Task The_lease_of_a_down_member_is_taken_before_it_expires()
    {
        var (members, leases) = Open();
        var (a, b) = (await JoinUpAsync(members, NewNode()), await JoinUpAsync(members, NewNode()));
        var region = NewRegion();
        var old = (await leases.TryAcquireAsync(region, 2, a, TimeSpan.FromHours(1), DownAfter, Ct))!;

        await storage.AgeHeartbeatAsync(a, TimeSpan.FromSeconds(6));
        var taken = (await leases.TryAcquireAsync(region, 2, b, Ttl, DownAfter, Ct)).ShouldNotBeNull();

        taken.Epoch.ShouldBe(old.Epoch + 1);
        // And the down member can take nothing, neither back nor anew.
        (await leases.TryAcquireAsync(region, 2, a, Ttl, DownAfter, Ct)).ShouldBeNull();
        (await leases.TryAcquireAsync(region, 5, a, Ttl, DownAfter, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task The_lease_of_a_restarted_node_s_removed_incarnation_is_free_at_once()
    {
        var (members, leases) = Open();
        var node = NewNode();
        var before = await JoinUpAsync(members, node);
        var region = NewRegion();
        var old = (await leases.TryAcquireAsync(region, 6, before, TimeSpan.FromHours(1), DownAfter, Ct))!;
        await members.SetStatusAsync(before, MemberStatus.Removed, Ct);

        var after = await JoinUpAsync(members, node);
        var lease = (await leases.TryAcquireAsync(region, 6, after, Ttl, DownAfter, Ct)).ShouldNotBeNull();

        lease.Epoch.ShouldBe(old.Epoch + 1);
        (await leases.RenewAsync(old, Ttl, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Arguments_are_checked_before_the_database_is_touched()
    {
        var (members, leases) = Open();
        var a = await JoinUpAsync(members, NewNode());

        await Should.ThrowAsync<ArgumentException>(() => leases.TryAcquireAsync("", 0, a, Ttl, DownAfter, Ct));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => leases.TryAcquireAsync("r", -1, a, Ttl, DownAfter, Ct));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => leases.TryAcquireAsync("r", 0, a, TimeSpan.FromSeconds(-1), DownAfter, Ct));
        await Should.ThrowAsync<ArgumentException>(() => members.JoinAsync(NewNode(), "127.0.0.1:1", ["a,b"], Ct));
    }

    [Fact]
    public async Task Of_many_members_racing_for_one_shard_exactly_one_acquires_it()
    {
        var (members, leases) = Open();
        var racers = new List<MemberId>();
        for (var i = 0; i < 8; i++)
        {
            racers.Add(await JoinUpAsync(members, NewNode()));
        }

        var region = NewRegion();
        for (var round = 1; round <= 4; round++)
        {
            if (round > 1)
            {
                // Every round after the first races for an expired lease: the takeover path, not only the insert.
                await storage.ExpireLeaseAsync(region, 0);
            }

            using var start = new ManualResetEventSlim();
            var attempts = racers.Select(member => Task.Run(async () =>
            {
                start.Wait(Ct);
                return await storage.OpenShardLeaseStore().TryAcquireAsync(region, 0, member, Ttl, DownAfter, Ct);
            }, Ct)).ToList();
            start.Set();
            var results = await Task.WhenAll(attempts);

            var winner = results.Where(r => r is not null).ShouldHaveSingleItem()!;
            winner.Epoch.ShouldBe(round);
            var stored = (await leases.ReadAllAsync(region, Ct)).Leases.ShouldHaveSingleItem();
            (stored.Owner, stored.Epoch).ShouldBe((winner.Owner, winner.Epoch));
        }
    }

    private (IMembershipStore Members, IShardLeaseStore Leases) Open() =>
        (storage.OpenMembershipStore(), storage.OpenShardLeaseStore());
}

/// <summary>The shard-lease conformance suite on SQLite.</summary>
public sealed class SqliteShardLeaseConformance(SqliteStorage storage) : ShardLeaseConformance<SqliteStorage>(storage);

/// <summary>The shard-lease conformance suite on PostgreSQL.</summary>
public sealed class PostgresShardLeaseConformance(PostgresStorage storage) : ShardLeaseConformance<PostgresStorage>(storage);
