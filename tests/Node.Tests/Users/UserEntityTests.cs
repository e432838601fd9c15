using AuthActors.Messages;
using AuthActors.Node.Users;
using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.TestKit;

namespace AuthActors.Node.Tests.Users;

public sealed class UserEntityTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    private async Task<(SqliteJournal Journal, SqliteSnapshotStore Snapshots)> OpenSqliteAsync()
    {
        var database = await SqliteDatabase.OpenAsync(new SqliteStorageOptions { DatabasePath = _directory.File("users.db") }, Ct);
        return (new SqliteJournal(database), new SqliteSnapshotStore(database));
    }

    [Fact]
    public async Task Registered_user_and_lock_out_survive_a_restart_on_sqlite()
    {
        var (journal, snapshots) = await OpenSqliteAsync();
        var (region, users, pool) = UserRegionBuilder.Build(journal, snapshots, _clock);
        (await users.AskAsync(new Register("dankook0", "univ42", PasswordPolicyName.Classic), Ct)).ShouldBe(new Registered("dankook0"));
        for (var i = 0; i < 3; i++)
        {
            await users.AskAsync(new Authenticate("dankook0", "wrong"), Ct);
        }

        await region.DisposeAsync();
        await journal.DisposeAsync();
        pool.Dispose();

        (journal, snapshots) = await OpenSqliteAsync();
        (region, users, pool) = UserRegionBuilder.Build(journal, snapshots, _clock);
        var locked = (await users.AskAsync(new Authenticate("dankook0", "univ42"), Ct)).ShouldBeOfType<Rejected>();
        locked.Code.ShouldBe(ErrorCode.Locked);

        _clock.Advance(TimeSpan.FromSeconds(61));
        (await users.AskAsync(new Authenticate("dankook0", "univ42"), Ct)).ShouldBe(new Authenticated("dankook0"));
        await region.DisposeAsync();
        await journal.DisposeAsync();
        pool.Dispose();
    }

    [Fact]
    public async Task Recovery_starts_from_the_latest_snapshot_and_replays_only_later_events()
    {
        var journal = new InMemoryJournal();
        var options = new EntityOptions { SnapshotEvery = 5 };
        var (region, users, pool) = UserRegionBuilder.Build(journal, journal, _clock, options);
        await users.AskAsync(new Register("alice", "abc12", PasswordPolicyName.Classic), Ct);
        for (var i = 0; i < 6; i++)
        {
            await users.AskAsync(new Authenticate("alice", "abc12"), Ct);
        }

        await region.DisposeAsync();
        journal.EventCount.ShouldBe(7);

        (region, users, _) = UserRegionBuilder.Build(journal, journal, _clock, options);
        var replayedBefore = journal.EventsReplayed;
        (await users.AskAsync(new Authenticate("alice", "abc12"), Ct)).ShouldBe(new Authenticated("alice"));
        (journal.EventsReplayed - replayedBefore).ShouldBe(2);
        await region.DisposeAsync();
        pool.Dispose();
    }

    [Fact]
    public async Task Snapshots_are_stored_in_sqlite_and_recovery_uses_them()
    {
        var (journal, snapshots) = await OpenSqliteAsync();
        var options = new EntityOptions { SnapshotEvery = 3 };
        var (region, users, pool) = UserRegionBuilder.Build(journal, snapshots, _clock, options);
        await users.AskAsync(new Register("carol", "abc12", PasswordPolicyName.Classic), Ct);
        for (var i = 0; i < 4; i++)
        {
            await users.AskAsync(new Authenticate("carol", i % 2 == 0 ? "abc12" : "nope1"), Ct);
        }

        // Saved while the reply went out: awaited, not assumed.
        await Eventually.ConditionAsync(
            async () => await snapshots.LoadLatestAsync(UserEntity.PersistenceIdOf("carol"), Ct) is not null,
            "the snapshot taken at the third event is saved");
        (await snapshots.LoadLatestAsync(UserEntity.PersistenceIdOf("carol"), Ct)).ShouldNotBeNull().SequenceNr.ShouldBe(3);
        await region.DisposeAsync();

        (region, users, _) = UserRegionBuilder.Build(journal, snapshots, _clock, options);
        (await users.AskAsync(new Authenticate("carol", "abc12"), Ct)).ShouldBe(new Authenticated("carol"));
        await region.DisposeAsync();
        await journal.DisposeAsync();
        pool.Dispose();
    }

    [Fact]
    public async Task A_failed_persist_answers_with_an_error_and_the_entity_recovers_from_the_journal()
    {
        var journal = new InMemoryJournal();
        var (region, users, pool) = UserRegionBuilder.Build(journal, journal, _clock);
        await users.AskAsync(new Register("dave", "abc12", PasswordPolicyName.Classic), Ct);

        journal.FailNextAppend(new IOException("disk gone"));
        var failed = (await users.AskAsync(new ChangePassword("dave", "abc12", "xyz98", PasswordPolicyName.Classic), Ct)).ShouldBeOfType<Rejected>();
        failed.Code.ShouldBe(ErrorCode.Internal);

        // The change was never durable, so the old password still works.
        (await users.AskAsync(new Authenticate("dave", "abc12"), Ct)).ShouldBe(new Authenticated("dave"));
        (await users.AskAsync(new Authenticate("dave", "xyz98"), Ct)).ShouldBeOfType<Rejected>();
        await region.DisposeAsync();
        pool.Dispose();
    }

    [Fact]
    public async Task An_idle_user_is_passivated_and_recovered_on_the_next_message()
    {
        var journal = new InMemoryJournal();
        var options = new EntityOptions { PassivateAfter = TimeSpan.FromMilliseconds(100) };
        var (region, users, pool) = UserRegionBuilder.Build(journal, journal, _clock, options);
        await users.AskAsync(new Register("erin", "abc12", PasswordPolicyName.Classic), Ct);
        region.ActiveEntities.ShouldBe(1);

        await Eventually.ConditionAsync(() => region.ActiveEntities == 0, "erin is passivated");
        (await users.AskAsync(new Authenticate("erin", "abc12"), Ct)).ShouldBe(new Authenticated("erin"));
        region.ActiveEntities.ShouldBe(1);
        await region.DisposeAsync();
        pool.Dispose();
    }

    [Fact]
    public async Task Concurrent_requests_to_one_user_are_handled_one_at_a_time()
    {
        var journal = new InMemoryJournal();
        var (region, users, pool) = UserRegionBuilder.Build(journal, journal, _clock);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => users.AskAsync(new Register("frank", "abc12", PasswordPolicyName.Classic), Ct)));
        attempts.Count(r => r is Registered).ShouldBe(1);
        attempts.Count(r => r is Rejected { Code: ErrorCode.Conflict }).ShouldBe(7);
        await region.DisposeAsync();
        pool.Dispose();
    }
}
