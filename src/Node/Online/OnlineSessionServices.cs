using AuthActors.Messages;
using AuthActors.Node.Projections;
using AuthActors.Node.Users;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Sharding;
using AuthActors.Runtime.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AuthActors.Node.Online;

/// <summary>Registers what keeps online sessions true to reality where users are hosted.</summary>
public static class OnlineSessionServices
{
    /// <summary>The presence read model over this process's journal (one per process: it holds the read position).</summary>
    public static IServiceCollection AddPresence(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new PresenceProjection(sp.GetRequiredService<Hosting.NodeStorage>().EventLog, UserPersistenceSerializer.Create()));
        return services;
    }

    /// <summary>
    /// The sweeper of a process that hosts users: a node of a cluster, or an embedded gateway (which passes its own
    /// <paramref name="site"/>).
    /// </summary>
    public static IServiceCollection AddOnlineSessionSweeper(
        this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, SweeperSite> site)
    {
        var options = configuration.GetSection(OnlineOptions.Section).Get<OnlineOptions>() ?? new OnlineOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.SweepEvery, TimeSpan.Zero, "users.online.sweep-every");
        services.AddPresence();
        services.AddHostedService(sp => new OnlineSessionSweeper(
            sp.GetRequiredService<PresenceProjection>(),
            sp.GetRequiredService<UserDirectory>(),
            site(sp),
            options,
            sp.GetRequiredService<ILogger<OnlineSessionSweeper>>()));
        return services;
    }

    /// <summary>
    /// What a cluster node sweeps: the users of the shards it holds, judged by a membership view at most two
    /// heartbeats old; a logout is announced to every live gateway.
    /// </summary>
    public static SweeperSite NodeSite(
        IServiceProvider services, MembershipAgent membership, ShardLeaseKeeper keeper, int shardCount, TimeSpan heartbeat)
    {
        var peers = services.GetRequiredService<PeerConnections>();
        var logger = services.GetRequiredService<ILogger<OnlineSessionSweeper>>();
        return new SweeperSite(
            () => membership.ViewAge <= 2 * heartbeat ? GatewayMembers.Live(membership.View) : null,
            userId => UserId.IsValid(userId) && keeper.Holds(ShardId.Of(userId, shardCount)),
            (userId, blocked) => Task.WhenAll(GatewayMembers.Others(membership.View, except: "").Select(async gateway =>
            {
                try
                {
                    await peers.RequestAsync(gateway.Address, new AnnouncePresence(userId, $"{userId} logged out", blocked));
                }
                catch (Exception unreachable) when (unreachable is PeerUnavailableException or SendQueueFullException or RemoteFailureException or TimeoutException)
                {
                    logger.LogDebug("Gateway {Gateway} was not told that {UserId} logged out: {Reason}", gateway.Id, userId, unreachable.Message);
                }
            })));
    }
}
