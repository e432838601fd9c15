using System.Security.Cryptography;
using AuthActors.Node.Passwords;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;
using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Sharding;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthActors.Node.Tests.Users;

/// <summary>A user shard region over a given journal, with cheap hashing so tests stay fast.</summary>
internal static class UserRegionBuilder
{
    public static readonly byte[] Pepper = new byte[32];

    public static (ShardRegion Region, UserDirectory Users, HashingPool Pool) Build(
        IJournal journal, ISnapshotStore snapshots, TimeProvider clock, EntityOptions? options = null, int iterations = 1000, SessionOptions? sessions = null)
    {
        options ??= new EntityOptions();
        var pool = new HashingPool(2, 64);
        var services = UserServices.Create(
            new PasswordHasher(iterations, Pepper), pool, new LockoutOptions(), sessions ?? new SessionOptions(), new AccountOptions(), FakeMinter(clock), RandomNumberGenerator.Create(), Pepper);
        var context = new PersistenceContext(
            journal, snapshots, UserPersistenceSerializer.Create(), clock, options.SnapshotEvery, NullLogger.Instance);
        var region = new ShardRegion("user", 10, id => new UserEntity(id, context, services), options, NullLogger.Instance);
        return (region, new UserDirectory(region), pool);
    }

    // The entity's rules do not depend on what the access token looks like: a readable stand-in keeps tests focused.
    private static AccessTokenMinter FakeMinter(TimeProvider clock) =>
        (userId, sessionId, roles) => new IssuedAccessToken($"at:{userId}:{sessionId}:{string.Join(',', roles)}", "jti", clock.GetUtcNow().AddMinutes(10));
}
