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
using AuthActors.Runtime.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Hosting;

/// <summary>
/// The gateway process. With no cluster configured it hosts the user entities itself on the embedded journal.
/// Shutdown order matters: stop accepting, let conversations and entities finish, then flush the journal.
/// </summary>
internal static class GatewayHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddAuthActorsRole("gateway");
        var configuration = builder.Configuration;
        builder.Logging.UseAuthActorsConsole(configuration);

        var node = await EmbeddedNode.OpenAsync(configuration, CancellationToken.None);
        await using var storage = node.Storage;
        using var startupLogs = LoggerFactory.Create(logging => logging.UseAuthActorsConsole(configuration));
        await using var tokens = await TokenServices.OpenAsync(
            configuration, storage.SigningKeys, node.DataDirectory, TimeProvider.System, startupLogs.CreateLogger("AuthActors.Tokens"), CancellationToken.None);

        builder.Services.AddSingleton(tokens);
        builder.Services.AddSingleton<AccessTokenMinter>(tokens.Issuer.Issue);
        await using var users = await GatewayUsers.AddAsync(builder.Services, configuration, storage, node.Pepper, startupLogs);
        builder.Services.AddSingleton<TokenCommands>();
        var http = HttpSetup.AddHttpApi(builder.Services, configuration);
        WebPages.Add(builder.Services, configuration, node.DataDirectory);
        builder.Services.AddOptions<TcpLoginOptions>().Bind(configuration.GetSection("gateway:tcp"));
        builder.Services.AddSingleton<ConnectionsPerAddress>();
        var session = configuration.GetSection("gateway:session").Get<SessionPortOptions>() ?? new SessionPortOptions();
        builder.Services.AddOptions<SessionPortOptions>().Bind(configuration.GetSection("gateway:session"));
        builder.Services.AddSingleton<ConnectedSessions>();
        builder.Services.AddSingleton<SessionCommands>();
        builder.Services.AddPresence();
        builder.Services.AddOperations();
        builder.Services.AddSingleton(new ReadinessCheck("journal", async token =>
        {
            await storage.CheckReachableAsync(token);
            return null;
        }));
        builder.Services.Configure<HostOptions>(o =>
            o.ShutdownTimeout = configuration.GetValue("gateway:shutdown-timeout", TimeSpan.FromSeconds(10)));

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
                listen.CountConnections("login").WithRequestLogScope().UseConnectionHandler<LoginConnectionHandler>();
            });
            kestrel.Listen(IPAddress.Parse(session.Host), session.Port, listen =>
            {
                sessionPort = listen;
                listen.CountConnections("session").WithRequestLogScope().UseConnectionHandler<SessionConnectionHandler>();
            });
            kestrel.Limits.MaxRequestBodySize = http.MaxBodySize;
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(http.Host), http.Port, listen => httpPort = listen.CountConnections("http"));
            if (users.TransportEndPoint is { } peers)
            {
                kestrel.Listen(peers, listen => listen.CountConnections("transport").UseTransport());
            }
        });

        await using var app = builder.Build();
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

        await app.StartAsync();
        _ = users.Lost.ContinueWith(_ => app.Lifetime.StopApplication(), TaskScheduler.Default);
        logger.LogInformation("Journal at {Location}", storage.Location);
        await FirstAdmin.EnsureAsync(app.Services, configuration, logger);
        logger.LogInformation("Login port listening on {EndPoint} (plain text)", loginPort?.IPEndPoint);
        logger.LogInformation("Session port listening on {EndPoint} (plain text)", sessionPort?.IPEndPoint);
        logger.LogInformation("HTTP port listening on {EndPoint} (plain text)", httpPort?.IPEndPoint);
        if (users.TransportEndPoint is { } transport)
        {
            logger.LogInformation("Transport port listening on {EndPoint} (for the cluster's peers)", transport);
        }
        await app.WaitForShutdownAsync();
        await app.StopAsync();
        await users.StopAsync(CancellationToken.None);
        logger.LogInformation("Stopped; flushing the journal");
        return 0;
    }
}
