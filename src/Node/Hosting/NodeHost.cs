using System.Net;
using AuthActors.Messages;
using AuthActors.Node.Online;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Diagnostics;
using AuthActors.Runtime.Memory;
using AuthActors.Runtime.Sharding;
using AuthActors.Runtime.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthActors.Node.Hosting;

/// <summary>
/// A node process: hosts the user shards whose leases it holds and serves requests for them on the transport port.
/// Start: open storage and keys, listen, join, take leases. Stop (SIGTERM): leave, hand every shard off and release
/// its lease so the others take over at once, then flush the journal.
/// </summary>
public static class NodeHost
{
    /// <summary>Runs the node until it is stopped; the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        await using var node = await StartAsync(HostStart.ForProcess(args), CancellationToken.None);
        await node.Stopped;
        return 0;
    }

    /// <summary>
    /// Starts a node: opens storage and keys, joins, listens and starts taking leases. Returns once it serves; the
    /// caller stops it (a process on SIGTERM, a test when it likes).
    /// </summary>
    public static async Task<RunningHost> StartAsync(HostStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        return await HostResources.StartWithAsync(resources => StartAsync(start, resources, cancellationToken));
    }

    private static async Task<RunningHost> StartAsync(HostStart start, HostResources resources, CancellationToken cancellationToken)
    {
        var builder = start.CreateBuilder("node");
        var configuration = builder.Configuration;
        var clusterOptions = (configuration.GetSection("cluster").Get<ClusterOptions>() ?? new ClusterOptions()).Validated();
        var transportOptions = configuration.GetSection(TransportOptions.Section).Get<TransportOptions>() ?? new TransportOptions();
        // Checked before the join, so that a wildcard bind without an advertised host never reaches the members table.
        transportOptions.Validate();

        var node = await EmbeddedNode.OpenAsync(configuration, cancellationToken, start.Variables);
        var storage = resources.Add(node.Storage);
        var startupLogs = resources.AddDisposable(start.CreateStartupLogs(configuration));
        var tokens = resources.Add(await TokenServices.OpenAsync(
            configuration, storage.SigningKeys, node.DataDirectory, TimeProvider.System, startupLogs.CreateLogger("AuthActors.Tokens"), cancellationToken));
        var membership = resources.Add(new MembershipAgent(storage.Membership, clusterOptions, startupLogs.CreateLogger<MembershipAgent>()));
        var shardCount = configuration.GetSection("sharding").Get<ShardingOptions>()?.ShardCount ?? new ShardingOptions().ShardCount;
        var keeper = resources.Add(new ShardLeaseKeeper(
            "user", shardCount, storage.ShardLeases, membership, clusterOptions, TimeProvider.System, startupLogs.CreateLogger<ShardLeaseKeeper>()));

        builder.Services.AddSingleton(tokens);
        builder.Services.AddSingleton<AccessTokenMinter>(tokens.Issuer.Issue);
        builder.Services.AddAuthActorsNode(configuration, storage, node.Pepper, keeper);
        builder.Services.AddTransport(configuration);
        builder.Services.AddSingleton(new WireSerializer().RegisterAll(MessagesWire.Types).RegisterClusterMessages());
        builder.Services.AddSingleton(_ => new MemberIdentity(clusterOptions.Name, membership.Self.Id.Node, membership.Self.Id.Incarnation));
        builder.Services.AddSingleton(keeper);
        builder.Services.AddSingleton(sp => new NodeRequestHandler(sp.GetRequiredService<UserDirectory>(), keeper, shardCount));
        builder.Services.AddSingleton<TransportRequestHandler>(sp => sp.GetRequiredService<NodeRequestHandler>().HandleAsync);
        builder.Services.AddOnlineSessionSweeper(
            configuration, sp => OnlineSessionServices.NodeSite(sp, membership, keeper, shardCount, clusterOptions.HeartbeatInterval));
        builder.Services.AddOperations();
        builder.Services.AddMemoryBounds(configuration);
        builder.Services.AddSingleton(sp => JournalReadiness.Check(storage, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(new ReadinessCheck("leases", _ => Task.FromResult(keeper.MissingLeases())));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = configuration.GetValue("node:shutdown-timeout", TimeSpan.FromSeconds(20)));

        // Leaves and hands every shard off before any hosted service stops, while the transport still answers, so no
        // request in flight is cut. A killed host skips it, as a crashed process would.
        var kill = new CancellationTokenSource();
        builder.Services.AddHostedService(sp => new ClusterLeave(
            membership, keeper, clusterOptions.HeartbeatInterval, sp.GetRequiredService<ILoggerFactory>().CreateLogger<ClusterLeave>(), kill.Token));

        // The member row carries the address and the transport's hello the incarnation, so the port is fixed and the
        // node joined before the listener is built. Nobody routes here before this node holds a lease.
        using var reserved = transportOptions.ReserveEndPointToListenOn();
        var endPoint = reserved.EndPoint;
        var nodeName = clusterOptions.NodeName.Length > 0 ? clusterOptions.NodeName : $"{Dns.GetHostName()}:{endPoint.Port}";
        await membership.JoinAsync(nodeName, $"{transportOptions.AdvertisedHost}:{endPoint.Port}", [ShardLeaseKeeper.NodeRole], cancellationToken);
        var admin = configuration.GetSection("node:admin").Get<AdminPortOptions>() ?? new AdminPortOptions();
        ListenOptions? adminPort = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(endPoint, listen => listen.CountConnections("transport").UseTransport());
            kestrel.Listen(IPAddress.Parse(admin.Host), admin.Port, listen => adminPort = listen.CountConnections("admin"));
        });

        var app = builder.Build();
        app.MapOperations();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AuthActors.Node");
        try
        {
            reserved.Release();
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            kill.Dispose();
            throw;
        }

        logger.LogInformation("Journal at {Location}", storage.Location);
        logger.LogInformation("Transport port listening on {EndPoint}", endPoint);
        logger.LogInformation("Admin port listening on {EndPoint} (/healthz, /readyz, /metrics)", adminPort?.IPEndPoint);

        // The region exists before the first lease is taken, so the keeper can hand shards off from its first round.
        _ = app.Services.GetRequiredService<ShardRegion>();
        keeper.Start();

        var running = new RunningHost(app, new HostEndPoints(endPoint), resources, kill, _ =>
        {
            logger.LogInformation("Stopped; flushing the journal");
            return Task.CompletedTask;
        });
        _ = membership.Lost.ContinueWith(_ => app.Lifetime.StopApplication(), TaskScheduler.Default);
        return running;
    }
}
