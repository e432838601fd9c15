using System.Security.Cryptography;
using Akka.Actor;
using AuthActors.Actors.Tests.Persistence;
using AuthActors.Messages;
using AuthActors.Node.Passwords;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Actors.Tests.Users;

/// <summary>
/// The user's Akka shell on the fenced plugin over a real SQLite journal: it answers as the deciders say, replies
/// only once events are durable, lets no command in while a hash is computed, recovers after a stop (from a snapshot
/// too), and stops without claiming success when a persist fails.
/// </summary>
public sealed class UserActorTests(FencedPluginOnSqlite plugin)
    : Akka.TestKit.Xunit2.TestKit(plugin.Setup()), IClassFixture<FencedPluginOnSqlite>
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);
    private static readonly byte[] Pepper = new byte[32];
    private readonly HashingPool _pool = new(2, 64);

    [Fact]
    public void A_registered_user_logs_in_with_the_password_and_not_without()
    {
        var id = NewUserId();
        var user = Spawn(id);
        user.Tell(new Register(id, "s3cret-pass1", PasswordPolicyName.Nist));
        ExpectMsg<Registered>(Budget);

        user.Tell(new Authenticate(id, "s3cret-pass1"));
        ExpectMsg<Authenticated>(Budget);
        user.Tell(new Authenticate(id, "wrong"));
        ExpectMsg<Rejected>(Budget).Code.ShouldBe(ErrorCode.BadCredentials);
    }

    [Fact]
    public void A_command_sent_while_a_hash_is_computed_waits_for_its_events()
    {
        var id = NewUserId();
        var user = Spawn(id);
        // Sent back to back: had the login run while the sign-up was hashing, it would find no such user.
        user.Tell(new Register(id, "s3cret-pass1", PasswordPolicyName.Nist));
        user.Tell(new Authenticate(id, "s3cret-pass1"));
        ExpectMsg<Registered>(Budget);
        ExpectMsg<Authenticated>(Budget);
    }

    [Fact]
    public void A_new_incarnation_recovers_the_account_and_its_failures()
    {
        var id = NewUserId();
        var first = Spawn(id);
        first.Tell(new Register(id, "s3cret-pass1", PasswordPolicyName.Nist));
        ExpectMsg<Registered>(Budget);
        first.Tell(new Authenticate(id, "wrong"));
        ExpectMsg<Rejected>(Budget);
        Stop(first);

        var second = Spawn(id);
        second.Tell(new GetProfile(id));
        ExpectMsg<UserProfile>(Budget).FailedAttempts.ShouldBe(1);
        second.Tell(new Authenticate(id, "s3cret-pass1"));
        ExpectMsg<Authenticated>(Budget);
    }

    [Fact]
    public async Task Recovery_starts_from_the_latest_snapshot()
    {
        var id = NewUserId();
        var first = Spawn(id, snapshotEvery: 2);
        first.Tell(new Register(id, "s3cret-pass1", PasswordPolicyName.Nist));
        ExpectMsg<Registered>(Budget);
        first.Tell(new Authenticate(id, "wrong"));
        ExpectMsg<Rejected>(Budget);
        await AwaitAssertAsync(
            async () => (await plugin.Snapshots.LoadLatestAsync(UserEntity.PersistenceIdOf(id), CancellationToken.None)).ShouldNotBeNull(),
            Budget);
        Stop(first);

        var second = Spawn(id, snapshotEvery: 2);
        second.Tell(new GetProfile(id));
        ExpectMsg<UserProfile>(Budget).FailedAttempts.ShouldBe(1);
    }

    [Fact]
    public async Task A_persist_that_fails_answers_try_again_stops_the_actor_and_stores_nothing()
    {
        var id = NewUserId();
        var persistenceId = UserEntity.PersistenceIdOf(id);
        var member = (await plugin.Members.JoinAsync("gone", "127.0.0.1:9", ["users"], CancellationToken.None)).Id;
        lock (plugin.Fences)
        {
            // A lease this writer never held: every append is refused in its transaction.
            plugin.Fences[persistenceId] = new JournalFence("user", Random.Shared.Next(1_000_000), member, 1);
        }

        var user = Spawn(id);
        Watch(user);
        user.Tell(new Register(id, "s3cret-pass1", PasswordPolicyName.Nist));
        ExpectMsg<Rejected>(Budget).Code.ShouldBe(ErrorCode.Busy);
        ExpectTerminated(user, Budget);
        (await plugin.Journal.ReadHighestSequenceNrAsync(persistenceId, CancellationToken.None)).ShouldBe(0);

        lock (plugin.Fences)
        {
            plugin.Fences.Remove(persistenceId);
        }

        var again = Spawn(id);
        again.Tell(new GetUserStatus(id));
        ExpectMsg<UserStatus>(Budget).Exists.ShouldBeFalse();
    }

    [Fact]
    public async Task A_history_with_an_event_this_version_cannot_read_is_refused_at_once_and_nothing_is_decided_on_it()
    {
        var id = NewUserId();
        var first = Spawn(id);
        first.Tell(new Register(id, "s3cret-pass1", PasswordPolicyName.Nist));
        ExpectMsg<Registered>(Budget);
        Stop(first);

        // A newer release wrote an event this build has no type for.
        await plugin.Journal.AppendAsync(
            [new EventEnvelope(UserEntity.PersistenceIdOf(id), 2, "user.from-a-newer-release.v1", "{}"u8.ToArray(), DateTimeOffset.UtcNow, [])],
            CancellationToken.None);

        var second = Spawn(id);
        second.Tell(new Authenticate(id, "s3cret-pass1"));
        var refused = ExpectMsg<Rejected>(Budget);
        refused.Code.ShouldBe(ErrorCode.Internal);
        refused.Reasons.ShouldHaveSingleItem().ShouldContain("user.from-a-newer-release.v1");
        (await plugin.Journal.ReadHighestSequenceNrAsync(UserEntity.PersistenceIdOf(id), CancellationToken.None)).ShouldBe(2);
    }

    protected override void AfterAll()
    {
        _pool.Dispose();
        base.AfterAll();
    }

    private static string NewUserId() => "u" + Guid.NewGuid().ToString("N")[..16];

    private IActorRef Spawn(string userId, int snapshotEvery = 0)
    {
        var services = UserServices.Create(
            new PasswordHasher(1000, Pepper), _pool, new LockoutOptions(), new SessionOptions(), new AccountOptions(),
            (user, session, roles) => new IssuedAccessToken($"at:{user}:{session}", "jti", DateTimeOffset.UtcNow.AddMinutes(10)),
            RandomNumberGenerator.Create(), Pepper);
        return Sys.ActorOf(UserActor.PropsFor(userId, services, TimeProvider.System, snapshotEvery));
    }

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Budget);
    }
}
