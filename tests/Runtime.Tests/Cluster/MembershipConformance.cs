using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Tests.Persistence;
using static AuthActors.Runtime.Tests.Cluster.ClusterTestData;

namespace AuthActors.Runtime.Tests.Cluster;

/// <summary>What every <see cref="IMembershipStore"/> must do, run unchanged on each backend; each test with nodes of its own.</summary>
public abstract class MembershipConformance<TStorage>(TStorage storage) : IClassFixture<TStorage>
    where TStorage : class, IStorageUnderTest
{
    private static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_restarted_node_joins_as_a_greater_incarnation()
    {
        var store = storage.OpenMembershipStore();
        var node = NewNode();

        var first = await store.JoinAsync(node, "127.0.0.1:7001", ["node"], Ct);
        var second = await store.JoinAsync(node, "127.0.0.1:7001", ["node", "gateway"], Ct);

        second.Id.Incarnation.ShouldBeGreaterThan(first.Id.Incarnation);
        first.Status.ShouldBe(MemberStatus.Joining);
        var mine = Mine(await store.ReadAsync(DownAfter, Ct), node);
        mine.Select(m => m.Id).ShouldBe([first.Id, second.Id]);
        mine[1].Roles.ShouldBe(["node", "gateway"]);
        mine[1].Address.ShouldBe("127.0.0.1:7001");
        mine[1].HeartbeatAt.ShouldBe(mine[1].StartedAt);
    }

    [Fact]
    public async Task A_member_whose_heartbeat_is_older_than_down_after_reads_as_down()
    {
        var store = storage.OpenMembershipStore();
        var node = NewNode();
        var stale = await JoinUpAsync(store, node);
        var live = await JoinUpAsync(store, node);

        await storage.AgeHeartbeatAsync(stale, TimeSpan.FromSeconds(6));
        var snapshot = await store.ReadAsync(DownAfter, Ct);

        Mine(snapshot, node).Select(m => m.Status).ShouldBe([MemberStatus.Down, MemberStatus.Up]);
        snapshot.UpWithRole("node").Select(m => m.Id).ShouldContain(live);
        snapshot.UpWithRole("node").Select(m => m.Id).ShouldNotContain(stale);
        // Down is judged by age, not stored: with a longer down-after the same row is up.
        Mine(await store.ReadAsync(TimeSpan.FromSeconds(60), Ct), node)[0].Status.ShouldBe(MemberStatus.Up);
    }

    [Fact]
    public async Task A_heartbeat_moves_the_heartbeat_time_forward()
    {
        var store = storage.OpenMembershipStore();
        var node = NewNode();
        var member = await JoinUpAsync(store, node);
        await storage.AgeHeartbeatAsync(member, TimeSpan.FromSeconds(4));
        var aged = Mine(await store.ReadAsync(DownAfter, Ct), node)[0].HeartbeatAt;

        var beat = await store.HeartbeatAsync(member, DownAfter, Ct);

        beat.ShouldBeGreaterThan(aged);
        var read = Mine(await store.ReadAsync(TimeSpan.FromSeconds(1), Ct), node)[0];
        read.HeartbeatAt.ShouldBe(beat);
        read.Status.ShouldBe(MemberStatus.Up);
    }

    [Fact]
    public async Task A_member_that_went_stale_is_not_revived_by_its_next_heartbeat()
    {
        var store = storage.OpenMembershipStore();
        var node = NewNode();
        var member = await JoinUpAsync(store, node);
        await storage.AgeHeartbeatAsync(member, TimeSpan.FromSeconds(6));

        var error = await Should.ThrowAsync<MemberDownException>(store.HeartbeatAsync(member, DownAfter, Ct));

        error.Status.ShouldBe(MemberStatus.Down);
        error.Member.ShouldBe(member);
        // Marked down for good: even a reader with a long down-after sees it down, and it cannot be set up again.
        Mine(await store.ReadAsync(TimeSpan.FromHours(1), Ct), node)[0].Status.ShouldBe(MemberStatus.Down);
        await Should.ThrowAsync<MemberDownException>(store.SetStatusAsync(member, MemberStatus.Up, Ct));
    }

    [Fact]
    public async Task Leaving_then_removed_ends_the_incarnation()
    {
        var store = storage.OpenMembershipStore();
        var node = NewNode();
        var member = await JoinUpAsync(store, node);

        await store.SetStatusAsync(member, MemberStatus.Leaving, Ct);
        Mine(await store.ReadAsync(DownAfter, Ct), node)[0].Status.ShouldBe(MemberStatus.Leaving);
        await store.SetStatusAsync(member, MemberStatus.Removed, Ct);

        Mine(await store.ReadAsync(DownAfter, Ct), node)[0].Status.ShouldBe(MemberStatus.Removed);
        (await Should.ThrowAsync<MemberDownException>(store.HeartbeatAsync(member, DownAfter, Ct))).Status.ShouldBe(MemberStatus.Removed);
        // Marking a removed member down changes nothing and does not throw.
        await store.SetStatusAsync(member, MemberStatus.Down, Ct);
        Mine(await store.ReadAsync(DownAfter, Ct), node)[0].Status.ShouldBe(MemberStatus.Removed);
    }

    [Fact]
    public async Task Stale_rows_are_removed_and_their_heartbeats_fail()
    {
        var store = storage.OpenMembershipStore();
        var node = NewNode();
        var old = await JoinUpAsync(store, node);
        var current = await JoinUpAsync(store, node);
        await storage.AgeHeartbeatAsync(old, TimeSpan.FromDays(2));

        (await store.RemoveStaleAsync(TimeSpan.FromDays(1), Ct)).ShouldBeGreaterThanOrEqualTo(1);

        Mine(await store.ReadAsync(DownAfter, Ct), node).Select(m => m.Id).ShouldBe([current]);
        (await Should.ThrowAsync<MemberDownException>(store.HeartbeatAsync(old, DownAfter, Ct))).Status.ShouldBeNull();
    }

    private static List<Member> Mine(MembershipSnapshot snapshot, string node) =>
        [.. snapshot.Members.Where(m => m.Id.Node == node)];
}

/// <summary>The membership conformance suite on SQLite.</summary>
public sealed class SqliteMembershipConformance(SqliteStorage storage) : MembershipConformance<SqliteStorage>(storage);

/// <summary>The membership conformance suite on PostgreSQL.</summary>
public sealed class PostgresMembershipConformance(PostgresStorage storage) : MembershipConformance<PostgresStorage>(storage);
