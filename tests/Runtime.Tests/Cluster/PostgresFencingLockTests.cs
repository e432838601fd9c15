using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Postgres;
using AuthActors.Runtime.Tests.Persistence;
using Npgsql;
using NpgsqlTypes;
using static AuthActors.Runtime.Tests.Cluster.ClusterTestData;
using static AuthActors.Runtime.Tests.Persistence.JournalTestData;

namespace AuthActors.Runtime.Tests.Cluster;

/// <summary>
/// On PostgreSQL the fence check and a takeover are ordered by row locks, not by luck: each waits for the other's
/// transaction, so a batch never commits under an epoch that a committed takeover already replaced.
/// </summary>
public sealed class PostgresFencingLockTests(PostgresStorage storage) : IClassFixture<PostgresStorage>
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_takeover_waits_for_a_batch_holding_the_fence_and_then_moves_the_epoch()
    {
        var (region, a, b) = await TwoMembersAsync();
        var leases = storage.OpenShardLeaseStore();
        var leaseA = (await leases.TryAcquireAsync(region, 1, a, Ttl, DownAfter, Ct))!;
        await storage.ExpireLeaseAsync(region, 1);

        // A batch mid-flight: its fence check has run (and locked the row), its COMMIT has not.
        await using var batch = await storage.Database.OpenConnectionAsync(Ct);
        await using var transaction = await batch.BeginTransactionAsync(Ct);
        (await CheckFenceAsync(batch, transaction, leaseA.ToFence())).ShouldBeTrue();

        var takeover = leases.TryAcquireAsync(region, 1, b, Ttl, DownAfter, Ct);
        await WaitUntilSomeoneWaitsForALockAsync();
        takeover.IsCompleted.ShouldBeFalse();

        await transaction.CommitAsync(Ct);
        (await takeover.WaitAsync(Deadline, Ct)).ShouldNotBeNull().Epoch.ShouldBe(leaseA.Epoch + 1);
    }

    [Fact]
    public async Task A_fenced_append_waits_for_a_takeover_in_flight_and_is_refused_when_it_commits()
    {
        var (region, a, b) = await TwoMembersAsync();
        var leaseA = (await storage.OpenShardLeaseStore().TryAcquireAsync(region, 2, a, Ttl, DownAfter, Ct))!;
        await using var journal = storage.OpenJournal();

        // A takeover mid-flight: the lease row is updated to B's epoch, not yet committed.
        await using var takeover = await storage.Database.OpenConnectionAsync(Ct);
        await using var transaction = await takeover.BeginTransactionAsync(Ct);
        await using (var update = new NpgsqlCommand(
            """
            UPDATE shard_leases SET owner_node = @node, owner_incarnation = @incarnation, epoch = epoch + 1
            WHERE region = @region AND shard = 2;
            """,
            takeover,
            transaction))
        {
            update.Parameters.AddWithValue("node", b.Node);
            update.Parameters.AddWithValue("incarnation", b.Incarnation);
            update.Parameters.AddWithValue("region", region);
            (await update.ExecuteNonQueryAsync(Ct)).ShouldBe(1);
        }

        var id = NewPersistenceId();
        var append = journal.AppendAsync([Event(id, 1)], leaseA.ToFence(), Ct);
        await WaitUntilSomeoneWaitsForALockAsync();
        append.IsCompleted.ShouldBeFalse();

        await transaction.CommitAsync(Ct);
        await Should.ThrowAsync<JournalFencedException>(append.WaitAsync(Deadline, Ct));
        (await ReadAllAsync(journal, id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_frozen_batch_neither_blocks_a_takeover_for_ever_nor_keeps_its_locks()
    {
        // Short bounds, so that the test waits seconds, not the production defaults.
        await using var database = await PostgresDatabase.OpenAsync(
            new PostgresStorageOptions
            {
                ConnectionString = storage.ConnectionString,
                LockTimeout = TimeSpan.FromMilliseconds(300),
                IdleInTransactionTimeout = TimeSpan.FromSeconds(1),
            },
            Ct);
        var (region, a, b) = await TwoMembersAsync();
        var leases = new PostgresShardLeaseStore(database);
        var leaseA = (await leases.TryAcquireAsync(region, 3, a, Ttl, DownAfter, Ct))!;
        await storage.ExpireLeaseAsync(region, 3);

        // A's batch checked its fence (and locked the row), then its process froze before COMMIT.
        var frozen = await database.OpenConnectionAsync(Ct);
        var transaction = await frozen.BeginTransactionAsync(Ct);
        (await CheckFenceAsync(frozen, transaction, leaseA.ToFence())).ShouldBeTrue();

        // Without a bound the takeover would wait for that COMMIT for ever; bounded, it is "not now".
        (await leases.TryAcquireAsync(region, 3, b, Ttl, DownAfter, Ct).WaitAsync(Deadline, Ct)).ShouldBeNull();

        // The server ends the frozen transaction, its locks go with it, and the takeover goes through.
        ShardLease? taken = null;
        await AuthActors.TestKit.Eventually.ConditionAsync(
            async () => (taken = await leases.TryAcquireAsync(region, 3, b, Ttl, DownAfter, Ct)) is not null,
            "B takes the shard over once the frozen transaction is ended",
            Deadline);
        taken!.Epoch.ShouldBe(leaseA.Epoch + 1);
        await Should.ThrowAsync<Exception>(() => transaction.CommitAsync(Ct));
        await frozen.DisposeAsync();
    }

    private static async Task<bool> CheckFenceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, JournalFence fence)
    {
        await using var check = new NpgsqlCommand(PostgresJournalWriter.CheckFences, connection, transaction);
        check.Parameters.Add(new NpgsqlParameter<string[]>("regions", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [fence.Region] });
        check.Parameters.Add(new NpgsqlParameter<int[]>("shards", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [fence.Shard] });
        check.Parameters.Add(new NpgsqlParameter<string[]>("nodes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [fence.Owner.Node] });
        check.Parameters.Add(new NpgsqlParameter<long[]>("incarnations", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [fence.Owner.Incarnation] });
        check.Parameters.Add(new NpgsqlParameter<long[]>("epochs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [fence.Epoch] });
        await using var reader = await check.ExecuteReaderAsync(Ct);
        return await reader.ReadAsync(Ct);
    }

    // Polls the server's own view of who is blocked: the waiting statement is observed, not assumed after a sleep.
    private async Task WaitUntilSomeoneWaitsForALockAsync()
    {
        await using var connection = await storage.Database.OpenConnectionAsync(Ct);
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';", connection);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(Deadline);
        while ((long)(await waiting.ExecuteScalarAsync(deadline.Token))! == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token);
        }
    }

    private async Task<(string Region, MemberId A, MemberId B)> TwoMembersAsync()
    {
        var members = storage.OpenMembershipStore();
        return (NewRegion(), await JoinUpAsync(members, NewNode()), await JoinUpAsync(members, NewNode()));
    }
}
