using System.Security.Cryptography;
using AuthActors.Node.Passwords;
using AuthActors.Node.Users;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Sharding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthActors.Node.Hosting;

/// <summary>Registers the user entities of a node: options, hashing, the shard region and the directory.</summary>
public static class NodeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the user shard region on <paramref name="storage"/>. The caller owns the storage and disposes it after
    /// the host, so the journal is flushed after every entity has finished.
    /// </summary>
    public static IServiceCollection AddAuthActorsNode(
        this IServiceCollection services, IConfiguration configuration, NodeStorage storage, byte[] pepper, ShardLeaseKeeper? keeper = null)
    {
        services.AddOptions<EntityOptions>().Bind(configuration.GetSection("entities"));
        services.AddOptions<ShardingOptions>().Bind(configuration.GetSection("sharding"));
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection("cluster"));
        services.AddOptions<LockoutOptions>().Bind(configuration.GetSection("users:lockout"));
        services.AddOptions<PasswordHashingOptions>().Bind(configuration.GetSection("users:hashing"));
        services.AddOptions<SessionOptions>().Bind(configuration.GetSection("tokens:refresh"));
        services.AddOptions<AccountOptions>().Bind(configuration.GetSection("users"));
        services.AddSingleton(storage);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new PasswordHasher(sp.GetRequiredService<IOptions<PasswordHashingOptions>>().Value.Iterations, pepper));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PasswordHashingOptions>>().Value;
            return new HashingPool(options.Workers, options.QueueLimit);
        });
        services.AddSingleton(sp => UserServices.Create(
            sp.GetRequiredService<PasswordHasher>(),
            sp.GetRequiredService<HashingPool>(),
            sp.GetRequiredService<IOptions<LockoutOptions>>().Value,
            sp.GetRequiredService<IOptions<SessionOptions>>().Value,
            sp.GetRequiredService<IOptions<AccountOptions>>().Value,
            sp.GetRequiredService<AccessTokenMinter>(),
            RandomNumberGenerator.Create(),
            pepper));
        services.AddSingleton(sp => CreateUserRegion(sp, keeper));
        services.AddSingleton(sp => new UserDirectory(sp.GetRequiredService<ShardRegion>()));
        return services;
    }

    // In a cluster the region serves only the shards whose lease the keeper holds, and each entity appends with its
    // shard's fence, so a node that lost a lease can never write over the new owner's history.
    private static ShardRegion CreateUserRegion(IServiceProvider services, ShardLeaseKeeper? keeper)
    {
        var entityOptions = services.GetRequiredService<IOptions<EntityOptions>>().Value;
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var storage = services.GetRequiredService<NodeStorage>();
        var context = new PersistenceContext(
            storage.Journal,
            storage.Snapshots,
            UserPersistenceSerializer.Create(),
            services.GetRequiredService<TimeProvider>(),
            entityOptions.SnapshotEvery,
            loggers.CreateLogger<UserEntity>());
        var userServices = services.GetRequiredService<UserServices>();
        var shardCount = services.GetRequiredService<IOptions<ShardingOptions>>().Value.ShardCount;
        EntityFactory factory = keeper is null
            ? id => new UserEntity(id, context, userServices)
            : id =>
            {
                var shard = ShardId.Of(id, shardCount);
                return new UserEntity(id, context with { Fence = () => keeper.FenceOf(shard) }, userServices);
            };
        var region = new ShardRegion("user", shardCount, factory, entityOptions, loggers.CreateLogger<ShardRegion>(), keeper is null ? null : keeper.Holds);
        if (keeper is not null)
        {
            keeper.HandOff = region.HandOffAsync;
        }

        return region;
    }
}
