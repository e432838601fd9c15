using System.Net;
using AuthActors.Gateway.Http;
using AuthActors.Gateway.Sessions;
using AuthActors.Gateway.Tcp;
using AuthActors.Gateway.Web;
using AuthActors.Node.Hosting;
using AuthActors.Node.Online;
using AuthActors.Node.Projections;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;
using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Diagnostics;
using AuthActors.Runtime.Memory;
using AuthActors.Runtime.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Hosting;

/// <summary>
/// The gateway. With no cluster configured it hosts the user entities itself on the embedded journal.
/// Shutdown order matters: stop accepting, let conversations and entities finish, then flush the journal.
/// </summary>
public static class GatewayHost
{
    /// <summary>Runs the gateway until it is stopped; the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        await using var gateway = await StartAsync(HostStart.ForProcess(args), CancellationToken.None);
        await gateway.Stopped;
        return 0;
    }

    /// <summary>Starts a gateway; returns once its ports listen. The caller stops it.</summary>
    public static async Task<RunningHost> StartAsync(HostStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        return await HostResources.StartWithAsync(resources => StartAsync(start, resources, cancellationToken));
    }

    private static async Task<RunningHost> StartAsync(HostStart start, HostResources resources, CancellationToken cancellationToken)
    {
        var builder = start.CreateBuilder("gateway");
        var configuration = builder.Configuration;
        // First, so that a wrong certificate path stops the start before anything is opened.
        var tls = GatewayTls.Load(configuration, TimeProvider.System);

        var node = await EmbeddedNode.OpenAsync(configuration, cancellationToken, start.Variables);
        var storage = resources.Add(node.Storage);
        var startupLogs = resources.AddDisposable(start.CreateStartupLogs(configuration));
        var tokens = resources.Add(await TokenServices.OpenAsync(
            configuration, storage.SigningKeys, node.DataDirectory, TimeProvider.System, startupLogs.CreateLogger("AuthActors.Tokens"), cancellationToken));

        builder.Services.AddSingleton(tokens);
        builder.Services.AddSingleton<AccessTokenMinter>(tokens.Issuer.Issue);
        var users = resources.Add(await GatewayUsers.AddAsync(
            builder.Services, configuration, storage, node.Pepper, startupLogs, AuthActorsConfiguration.ResolveDirectory(start.Variables)));
        // After the users' services, so it runs once they are up, and before the web host opens the ports.
        builder.Services.AddHostedService<FirstAdmin>();
        builder.Services.AddSingleton<TokenCommands>();
        var http = HttpSetup.AddHttpApi(builder.Services, configuration);
        WebPages.Add(builder.Services, configuration, node.DataDirectory, tokens);
        builder.Services.AddOptions<TcpLoginOptions>().Bind(configuration.GetSection("gateway:tcp"));
        builder.Services.AddSingleton<ConnectionsPerAddress>();
        builder.Services.AddSingleton<PasswordAttemptsPerAddress>();
        var session = configuration.GetSection("gateway:session").Get<SessionPortOptions>() ?? new SessionPortOptions();
        builder.Services.AddOptions<SessionPortOptions>().Bind(configuration.GetSection("gateway:session"));
        builder.Services.AddSingleton<ConnectedSessions>();
        builder.Services.AddSingleton<SessionCommands>();
        builder.Services.AddSingleton<OnlineSessionLifetime>();
        builder.Services.AddPresence();
        builder.Services.AddOperations();
        builder.Services.AddMemoryBounds(configuration);
        builder.Services.AddSingleton(sp => JournalReadiness.Check(storage, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.Configure<HostOptions>(o =>
            o.ShutdownTimeout = configuration.GetValue("gateway:shutdown-timeout", TimeSpan.FromSeconds(10)));

        var addresses = TrustedAddresses.Read(configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(addresses.Configure);
        // Always: HSTS is sent on HTTPS requests only, which come from TLS here or from a trusted proxy's https.
        GatewayTls.AddHsts(builder.Services);

        var tcp = configuration.GetSection("gateway:tcp").Get<TcpLoginOptions>() ?? new TcpLoginOptions();
        ListenOptions? loginPort = null;
        ListenOptions? httpPort = null;
        ListenOptions? sessionPort = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = configuration.GetValue("gateway:tcp:max-connections", 10_000L);
            kestrel.Listen(IPAddress.Parse(tcp.Host), tcp.Port, listen =>
            {
                loginPort = listen;
                listen.CountConnections("login").ServeTls(tls).WithRequestLogScope().UseConnectionHandler<LoginConnectionHandler>();
            });
            kestrel.Listen(IPAddress.Parse(session.Host), session.Port, listen =>
            {
                sessionPort = listen;
                listen.CountConnections("session").ServeTls(tls).WithRequestLogScope().UseConnectionHandler<SessionConnectionHandler>();
            });
            kestrel.Limits.MaxRequestBodySize = http.MaxBodySize;
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(http.Host), http.Port, listen => httpPort = listen.CountConnections("http").ServeTls(tls));
            if (users.TransportEndPoint is { } peers)
            {
                kestrel.Listen(peers, listen => listen.CountConnections("transport").UseTransport());
            }
        });

        var app = builder.Build();
        // First, so that everything after sees the client's address and scheme as the trusted proxy gave them. Only
        // with a proxy listed: with no known proxy at all, ASP.NET Core believes the headers from everyone.
        if (addresses.Proxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseHsts();
        app.UseMetricsAccess(addresses);

        app.UseRequestLogScope();
        app.MapOperations();
        HttpSetup.UseHttpApi(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AuthActors.Gateway");
        if (node.PepperGenerated)
        {
            logger.LogWarning(
                "No password pepper configured: using the one generated in {Directory}. Set users.hashing.pepper (AUTHACTORS_PEPPER) in production and back it up",
                node.DataDirectory);
        }

        if (tokens.KeyEncryptionKeyGenerated)
        {
            logger.LogWarning(
                "No key-encryption key configured for the token signing keys: using the one generated in {Directory}. Set tokens.signing.key-encryption-key (AUTHACTORS_TOKEN_KEY) in production",
                node.DataDirectory);
        }

        var kill = new CancellationTokenSource();
        try
        {
            users.ReleaseTransportPort();
            await app.StartAsync(cancellationToken);
            _ = users.Lost.ContinueWith(_ => app.Lifetime.StopApplication(), TaskScheduler.Default);
            logger.LogInformation("Journal at {Location}", storage.Location);
        }
        catch
        {
            await app.DisposeAsync();
            kill.Dispose();
            throw;
        }

        var security = tls is null ? "plain text" : "TLS";
        logger.LogInformation("Login port listening on {EndPoint} ({Security})", loginPort?.IPEndPoint, security);
        logger.LogInformation("Session port listening on {EndPoint} ({Security})", sessionPort?.IPEndPoint, security);
        logger.LogInformation("HTTP port listening on {EndPoint} ({Security})", httpPort?.IPEndPoint, security);
        if (tls is null)
        {
            logger.LogWarning(
                "No TLS certificate configured: the login, session and HTTP ports serve plain text, passwords included. Set gateway.tls.certificate and gateway.tls.key (AUTHACTORS_TLS_CERT, AUTHACTORS_TLS_KEY) in production");
        }
        else
        {
            logger.LogInformation("Serving TLS with the certificate {Subject}", tls.Subject);
        }
        if (users.TransportEndPoint is { } transport)
        {
            logger.LogInformation("Transport port listening on {EndPoint} (for the cluster's peers)", transport);
        }

        var endPoints = new HostEndPoints(users.TransportEndPoint, loginPort?.IPEndPoint, sessionPort?.IPEndPoint, httpPort?.IPEndPoint);
        return new RunningHost(app, endPoints, resources, kill, async killed =>
        {
            // Killed, the gateway does not leave: the others see it down after cluster.down-after, as after a crash.
            if (!killed)
            {
                await app.StopAsync();
                await users.StopAsync(CancellationToken.None);
            }

            logger.LogInformation("Stopped; flushing the journal");
        });
    }
}
