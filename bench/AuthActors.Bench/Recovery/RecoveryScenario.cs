using System.Diagnostics;
using AuthActors.Bench.Reporting;
using AuthActors.Messages;
using AuthActors.Node.Passwords;
using AuthActors.Node.Users;
using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using AuthActors.TestKit;

namespace AuthActors.Bench.Recovery;

/// <summary>
/// Time to recover one user with a long history: replaying all 10,000 events, then from a snapshot near the end.
/// The snapshot sits 100 events before the end, the most a user with <c>snapshot-every = 100</c> ever replays.
/// </summary>
internal static class RecoveryScenario
{
    private const int Events = 10_000;
    private const int SnapshotEvery = 100;
    private const int SnapshotAt = Events - SnapshotEvery;
    private const int Recoveries = 5;
    internal const string UserId = "bench-recovery";

    /// <summary>User services for replaying history: cheap hashing, and a minter that refuses (recovery signs no tokens).</summary>
    public static UserServices ServicesFor(HashingPool pool) => UserServices.Create(
        new PasswordHasher(1_000, new byte[32]), pool, new LockoutOptions(), new SessionOptions(), new AccountOptions(),
        (_, _, _) => throw new InvalidOperationException("recovery signs no tokens"), System.Security.Cryptography.RandomNumberGenerator.Create(), new byte[32]);

    public static async Task RunAsync()
    {
        using var directory = new TemporaryDirectory();
        var database = await SqliteDatabase.OpenAsync(
            new SqliteStorageOptions { DatabasePath = Path.Combine(directory.Path, "journal.db") }, CancellationToken.None);
        var snapshots = new SqliteSnapshotStore(database);
        var serializer = UserPersistenceSerializer.Create();
        using var pool = new HashingPool(1, 4);
        var services = ServicesFor(pool);
        var journal = new SqliteJournal(database);
        await using (journal)
        {
            Console.Error.WriteLine($"recovery: writing {Events:N0} events of one user");
            var snapshotState = await UserHistory.WriteAsync(
                journal, serializer, UserId, services.Hasher.Hash("bench1234x"), Events, SnapshotAt);

            var withoutSnapshot = await MedianRecoveryAsync(new PersistenceContext(
                journal, snapshots, serializer, TimeProvider.System, 0, NullLogger.Instance), services);

            var (manifest, payload) = serializer.Serialize(snapshotState);
            await snapshots.SaveAsync(
                new SnapshotEnvelope(UserEntity.PersistenceIdOf(UserId), SnapshotAt, manifest, payload, DateTimeOffset.UtcNow),
                CancellationToken.None);
            var withSnapshot = await MedianRecoveryAsync(new PersistenceContext(
                journal, snapshots, serializer, TimeProvider.System, SnapshotEvery, NullLogger.Instance), services);

            new MarkdownTable("recovery of one user, 10,000 events", "median of 5 (ms)")
                .Row("no snapshot: replay 10,000 events", withoutSnapshot)
                .Row($"snapshot at {SnapshotAt:N0}: load it, replay {Events - SnapshotAt} events", withSnapshot)
                .Row("no snapshot / snapshot", $"{withoutSnapshot / Math.Max(0.001, withSnapshot):N1} x")
                .Print("recovery (UserEntity.RecoverAsync on SQLite, after one unmeasured recovery)");
        }
    }

    // One unmeasured recovery first, so the JIT and the page cache are warm for every measured one.
    internal static async Task<double> MedianRecoveryAsync(PersistenceContext context, UserServices services)
    {
        var durations = new List<TimeSpan>();
        for (var i = 0; i <= Recoveries; i++)
        {
            var entity = new UserEntity(UserId, context, services);
            var started = Stopwatch.GetTimestamp();
            await entity.RecoverAsync(CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var status = await entity.HandleAsync(new GetUserStatus(UserId), CancellationToken.None);
            if (status is not UserStatus { Exists: true })
            {
                throw new InvalidOperationException($"the recovered user does not exist: {status}");
            }

            if (i > 0)
            {
                durations.Add(elapsed);
            }
        }

        return Percentiles.Median(durations);
    }
}
