using AuthActors.Messages;
using System.Net;
using AuthActors.Gateway.Sessions;
using AuthActors.Node.Hosting;
using AuthActors.Node.Online;
using AuthActors.Node.Users;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Diagnostics;
using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Sharding;
using AuthActors.Runtime.Transport;

namespace AuthActors.Gateway.Hosting;

/// <summary>
/// Where the gateway's users live (<c>gateway.mode</c>): <c>embedded</c> hosts every shard in this process;
/// <c>cluster</c> joins the cluster as a member with no shards and routes each request to the node holding the user's
/// shard. Either way the edges see one <see cref="UserDirectory"/>.
/// </summary>
internal sealed class GatewayUsers : IAsyncDisposable
{
    private readonly MembershipAgent? _membership;
    private readonly ReservedEndPoint? _transport;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _refreshing;

    private GatewayUsers(MembershipAgent? membership, string mode, ReservedEndPoint? transport = null, Func<CancellationToken, Task>? refresh = null)
    {
        _membership = membership;
        Mode = mode;
        _transport = transport;
        _refreshing = refresh is null ? Task.CompletedTask : Task.Run(() => refresh(_stopping.Token));
    }

    /// <summary>embedded or cluster.</summary>
    public string Mode { get; }

    /// <summary>In cluster mode, where this gateway listens for peers (to reach the online sessions it holds).</summary>
    public IPEndPoint? TransportEndPoint => _transport?.EndPoint;

    /// <summary>Lets the transport's port go for the listener (held since the join); call just before the host starts.</summary>
    public void ReleaseTransportPort() => _transport?.Release();

    /// <summary>Completes when the cluster declared this gateway down: its sessions are being closed, it must stop.</summary>
    public Task Lost => _membership?.Lost ?? Task.Delay(Timeout.Infinite);

    /// <summary>
    /// Registers the user directory for the configured mode; in cluster mode, joins first (the transport's hello
    /// carries the incarnation the join gives, and the edges' handlers are built with the host).
    /// </summary>
    public static async Task<GatewayUsers> AddAsync(
        IServiceCollection services, IConfiguration configuration, NodeStorage storage, byte[] pepper, ILoggerFactory logs, string configDirectory)
    {
        var mode = configuration["gateway:mode"] ?? "embedded";
        switch (mode)
        {
            case "embedded":
                // The users live in this process, on Akka.NET: one ActorSystem, a one-member cluster, the user shards.
                services.AddAuthActorsNode(configuration, storage, pepper);
                services.AddAuthActorsUsersOnAkka(configuration, storage, configDirectory);
                services.AddSingleton<GatewayIdentity>();
                // Replaces the node's directory: this one stamps clients' requests with this gateway for the audit trail.
                services.AddSingleton(sp => new UserDirectory(sp.GetRequiredService<IEntityRouter>(), sp.GetRequiredService<GatewayIdentity>().Id));
                services.AddOnlineSessionSweeper(configuration, sp => EmbeddedSweeperSite(sp));
                return new GatewayUsers(null, mode);
            case "cluster":
                break;
            default:
                throw new InvalidOperationException($"gateway.mode '{mode}' is not supported; use 'embedded' or 'cluster'");
        }

        var options = (configuration.GetSection("cluster").Get<ClusterOptions>() ?? new ClusterOptions()).Validated();
        var shardCount = configuration.GetSection("sharding").Get<ShardingOptions>()?.ShardCount ?? new ShardingOptions().ShardCount;
        var askTimeout = configuration.GetSection("entities").Get<EntityOptions>()?.AskTimeout ?? new EntityOptions().AskTimeout;
        var transport = configuration.GetSection(TransportOptions.Section).Get<TransportOptions>() ?? new TransportOptions();
        transport.Validate();
        var membership = new MembershipAgent(storage.Membership, options, logs.CreateLogger<MembershipAgent>());
        var routing = new ShardRouting("user", storage.ShardLeases, membership);
        services.AddSingleton(storage);
        services.AddSingleton(TimeProvider.System);
        services.AddTransport(configuration);
        services.AddSingleton(new WireSerializer().RegisterAll(MessagesWire.Types).RegisterClusterMessages());
        services.AddSingleton(_ => new MemberIdentity(options.Name, membership.Self.Id.Node, membership.Self.Id.Incarnation));
        services.AddSingleton(routing);
        services.AddSingleton(new ReadinessCheck("routing", _ => Task.FromResult(routing.ShardsWithoutOwner(shardCount) is var missing and > 0
            ? $"{missing} of {shardCount} shards have no owner in the routing table"
            : null)));
        services.AddSingleton(sp => new ClusterRouter(
            shardCount, routing, sp.GetRequiredService<PeerConnections>(), membership, askTimeout, maxWaiting: 10_000));
        services.AddSingleton(sp => new UserDirectory(sp.GetRequiredService<ClusterRouter>(), membership.Self.Id.ToString()));
        services.AddSingleton(_ => new GatewayIdentity(membership));
        services.AddSingleton<GatewayRequestHandler>();
        services.AddSingleton<TransportRequestHandler>(sp => sp.GetRequiredService<GatewayRequestHandler>().HandleAsync);

        // The gateway signs nothing (nodes do), and hashes nothing.
        services.AddSingleton<AccessTokenMinter>((_, _, _) => throw new InvalidOperationException("a gateway in cluster mode signs no tokens"));

        var name = options.NodeName.Length > 0 ? options.NodeName : $"gateway-{System.Net.Dns.GetHostName()}-{Environment.ProcessId}";
        // Peers connect to a gateway to write to the online sessions it holds.
        var endPoint = transport.ReserveEndPointToListenOn();
        try
        {
            await membership.JoinAsync(name, $"{transport.AdvertisedHost}:{endPoint.EndPoint.Port}", [GatewayMembers.Role], CancellationToken.None);
            await routing.RefreshAsync(CancellationToken.None);

            // A session held by a gateway that a peer's view of the members table does not list counts as gone. Every
            // member rereads the table each heartbeat, so after two of them every live member knows this gateway, and
            // only then may it open sessions.
            await Task.Delay(2 * options.HeartbeatInterval);
        }
        catch
        {
            endPoint.Dispose();
            throw;
        }

        return new GatewayUsers(membership, mode, endPoint, token => routing.RefreshPeriodicallyAsync(options.HeartbeatInterval, token));
    }

    // Embedded, this process hosts every user and is the only gateway: after a crash, the sessions it held before are
    // closed at start; logouts are told to its own sessions.
    private static SweeperSite EmbeddedSweeperSite(IServiceProvider services)
    {
        var identity = services.GetRequiredService<GatewayIdentity>();
        var sessions = services.GetRequiredService<ConnectedSessions>();
        return new SweeperSite(
            () => identity.LiveGateways,
            _ => true,
            (userId, blocked) => sessions.AnnounceAsync(userId, $"{userId} logged out", blocked));
    }

    /// <summary>In cluster mode, leaves the cluster.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_membership is not null)
        {
            await _membership.LeaveAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _transport?.Dispose();
        await _stopping.CancelAsync();
        await _refreshing;
        _stopping.Dispose();
        if (_membership is not null)
        {
            await _membership.DisposeAsync();
        }
    }
}
