using AuthActors.Messages;
using AuthActors.Node.Hosting;
using AuthActors.Node.Users;
using AuthActors.Runtime.Cluster;
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
    /// <summary>The role of gateway members: they route, they own no shards.</summary>
    public const string GatewayRole = "gateway";

    private readonly MembershipAgent? _membership;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _refreshing;

    private GatewayUsers(MembershipAgent? membership, string mode, Func<CancellationToken, Task>? refresh = null)
    {
        _membership = membership;
        Mode = mode;
        _refreshing = refresh is null ? Task.CompletedTask : Task.Run(() => refresh(_stopping.Token));
    }

    /// <summary>embedded or cluster.</summary>
    public string Mode { get; }

    /// <summary>
    /// Registers the user directory for the configured mode; in cluster mode, joins first (the transport's hello
    /// carries the incarnation the join gives, and the edges' handlers are built with the host).
    /// </summary>
    public static async Task<GatewayUsers> AddAsync(
        IServiceCollection services, IConfiguration configuration, NodeStorage storage, byte[] pepper, ILoggerFactory logs)
    {
        var mode = configuration["gateway:mode"] ?? "embedded";
        switch (mode)
        {
            case "embedded":
                services.AddAuthActorsNode(configuration, storage, pepper);
                return new GatewayUsers(null, mode);
            case "cluster":
                break;
            default:
                throw new InvalidOperationException($"gateway.mode '{mode}' is not supported; use 'embedded' or 'cluster'");
        }

        var options = (configuration.GetSection("cluster").Get<ClusterOptions>() ?? new ClusterOptions()).Validated();
        var shardCount = configuration.GetSection("sharding").Get<ShardingOptions>()?.ShardCount ?? new ShardingOptions().ShardCount;
        var askTimeout = configuration.GetSection("entities").Get<EntityOptions>()?.AskTimeout ?? new EntityOptions().AskTimeout;
        var membership = new MembershipAgent(storage.Membership, options, logs.CreateLogger<MembershipAgent>());
        var routing = new ShardRouting("user", storage.ShardLeases, membership);
        services.AddSingleton(storage);
        services.AddSingleton(TimeProvider.System);
        services.AddTransport(configuration);
        services.AddSingleton(new WireSerializer().RegisterAll(MessagesWire.Types).RegisterClusterMessages());
        services.AddSingleton(_ => new MemberIdentity(options.Name, membership.Self.Id.Node, membership.Self.Id.Incarnation));
        services.AddSingleton(routing);
        services.AddSingleton(sp => new ClusterRouter(
            shardCount, routing, sp.GetRequiredService<PeerConnections>(), membership, askTimeout, maxWaiting: 10_000));
        services.AddSingleton(sp => new UserDirectory(sp.GetRequiredService<ClusterRouter>()));

        // The gateway signs nothing (nodes do), and hashes nothing.
        services.AddSingleton<AccessTokenMinter>((_, _, _) => throw new InvalidOperationException("a gateway in cluster mode signs no tokens"));

        var name = options.NodeName.Length > 0 ? options.NodeName : $"gateway-{System.Net.Dns.GetHostName()}-{Environment.ProcessId}";
        // Nobody connects to a gateway over the transport; the row shows where its HTTP API is configured to listen.
        var http = $"{configuration["gateway:http:host"] ?? "127.0.0.1"}:{configuration["gateway:http:port"] ?? "8080"}";
        await membership.JoinAsync(name, http, [GatewayRole], CancellationToken.None);
        await routing.RefreshAsync(CancellationToken.None);
        return new GatewayUsers(membership, mode, token => routing.RefreshPeriodicallyAsync(options.HeartbeatInterval, token));
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
        await _stopping.CancelAsync();
        await _refreshing;
        _stopping.Dispose();
        if (_membership is not null)
        {
            await _membership.DisposeAsync();
        }
    }
}
