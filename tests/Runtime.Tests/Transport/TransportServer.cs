using System.Net;
using AuthActors.Messages;
using AuthActors.Runtime.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthActors.Runtime.Tests.Transport;

/// <summary>A node's transport endpoint hosted by Kestrel in the test process, on a real loopback port.</summary>
public sealed class TransportServer : IAsyncDisposable
{
    public const string Cluster = "test-cluster";

    public static readonly WireSerializer Serializer = new WireSerializer().RegisterAll(MessagesWire.Types);

    private readonly WebApplication _app;

    private TransportServer(WebApplication app, int port, CapturedLogs logs)
    {
        _app = app;
        Port = port;
        Logs = logs;
    }

    public int Port { get; }

    public PeerAddress Address => new("127.0.0.1", Port);

    public CapturedLogs Logs { get; }

    /// <summary>Starts a server answering with <paramref name="handle"/>; port 0 picks a free one.</summary>
    /// <param name="security">Mutual TLS when given; plain TCP otherwise.</param>
    public static async Task<TransportServer> StartAsync(
        TransportRequestHandler handle, TransportOptions? options = null, int port = 0, CapturedLogs? logs = null, TransportSecurity? security = null)
    {
        logs ??= new CapturedLogs();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddSingleton(Serializer);
        builder.Services.AddSingleton(new MemberIdentity(Cluster, "node-1", 1));
        builder.Services.AddSingleton(handle);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(security ?? TransportSecurity.Plain);
        builder.Services.AddSingleton(Options.Create(options ?? new TransportOptions()));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseTransport()));
        var app = builder.Build();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TransportServer(app, new Uri(bound).Port, logs);
    }

    public Task StopAsync() => _app.StopAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
