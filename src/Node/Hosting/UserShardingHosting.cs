using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using AuthActors.Node.Users;
using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Persistence.Plugin;
using AuthActors.Runtime.Sharding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthActors.Node.Hosting;

/// <summary>
/// The users on Akka.NET in one process (single-process mode): one ActorSystem in the generic host (Akka.Hosting),
/// a one-member cluster on loopback (its port closed to every other process, see <see cref="ProcessOnlyRemoting"/>) holding the roles <c>users</c> and <c>gateway</c>, the user shard region of
/// <see cref="UserActor"/>s, and the fenced journal plugin over the host's storage. The edges reach it through
/// <see cref="UserShardRouter"/>.
/// </summary>
public static class UserShardingHosting
{
    /// <summary>The ActorSystem's name, the same in every process of a cluster.</summary>
    public const string SystemName = "authactors";

    /// <summary>
    /// Adds the ActorSystem with the user shard region and registers <see cref="IEntityRouter"/> on it.
    /// <see cref="NodeServiceCollectionExtensions.AddAuthActorsNode"/> must have registered the user services.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The role's configuration (entities, sharding).</param>
    /// <param name="storage">The storage the journal plugin is handed.</param>
    /// <param name="configDirectory">Where <c>akka.conf</c> is read from (the hocon directory).</param>
    public static IServiceCollection AddAuthActorsUsersOnAkka(
        this IServiceCollection services, IConfiguration configuration, NodeStorage storage, string configDirectory)
    {
        var entities = configuration.GetSection("entities").Get<EntityOptions>() ?? new EntityOptions();
        var shardCount = configuration.GetSection("sharding").Get<ShardingOptions>()?.ShardCount ?? new ShardingOptions().ShardCount;
        var akkaSettings = AkkaSettings.Load(configDirectory);

        var budget = new LiveUserBudget(entities.MaxLive);
        services.AddAkka(SystemName, (builder, provider) =>
        {
            var users = provider.GetRequiredService<UserServices>();
            var clock = provider.GetRequiredService<TimeProvider>();
            builder
                .AddHocon(akkaSettings, HoconAddMode.Prepend)
                .ConfigureLoggers(loggers =>
                {
                    // Akka's lines go through the host's logging (console or JSON), and only from Warning up.
                    loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .AddSetup(new PersistenceStorageSetup(storage.Journal, storage.Snapshots, clock))
                .WithRemoting(ProcessOnlyRemoting.Options())
                .WithClustering(new ClusterOptions { Roles = ["users", "gateway"] })
                .WithShardRegion<UserActor>(
                    "user",
                    userId => UserActor.PropsFor(userId, users, clock, entities.SnapshotEvery, budget),
                    new UserMessageExtractor(shardCount),
                    new ShardOptions
                    {
                        Role = "users",
                        PassivateIdleEntityAfter = entities.PassivateAfter,
                        StateStoreMode = StateStoreMode.DData,
                        RememberEntities = false,
                    })
                // One process is the whole cluster: it joins itself.
                .AddStartup((system, _) =>
                {
                    var cluster = Cluster.Get(system);
                    cluster.Join(cluster.SelfAddress);
                });
        });
        services.AddSingleton<IEntityRouter>(provider => new UserShardRouter(
            provider.GetRequiredService<IRequiredActor<UserActor>>(),
            entities.AskTimeout,
            entities.MailboxCapacity,
            provider.GetRequiredService<ILogger<UserShardRouter>>()));
        return services;
    }
}
