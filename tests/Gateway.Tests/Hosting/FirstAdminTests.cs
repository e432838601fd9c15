using System.Net;
using System.Net.Sockets;
using AuthActors.Node.Hosting;
using AuthActors.TestKit;
using Microsoft.Extensions.Logging;

namespace AuthActors.Gateway.Tests.Hosting;

/// <summary>
/// A configured first admin exists before the login, session and HTTP ports open, so nobody can sign up with its id
/// first; an id that cannot become that admin stops the start with the reason.
/// </summary>
public sealed class FirstAdminTests : IDisposable
{
    private const string Password = "correct horse battery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TemporaryDirectory _data = new();

    [Fact]
    public async Task The_login_port_opens_only_once_the_first_admin_exists()
    {
        var admin = GatewayFixture.NewId("first");
        var loginPort = FreePort();
        bool? acceptedWhileCreating = null;
        var probe = new OnLogLine("Created the first admin", () => acceptedWhileCreating = Accepts(loginPort));

        await using var gateway = await StartAsync(
            new() { ["AUTHACTORS_ADMIN_ID"] = admin, ["AUTHACTORS_ADMIN_PASSWORD"] = Password, ["AUTHACTORS_GATEWAY__TCP__PORT"] = $"{loginPort}" },
            logging => logging.AddProvider(probe));

        acceptedWhileCreating.ShouldBe(false);
        await using var client = await LineClient.ConnectAsync(loginPort);
        await client.ReadLineAsync();
        (await client.AskAsync($"LOGIN {admin} {Password}")).ShouldBe("OK logged in");
    }

    [Fact]
    public async Task An_id_already_held_by_a_user_who_is_not_admin_stops_the_start()
    {
        var taken = GatewayFixture.NewId("taken");
        await using (var gateway = await StartAsync([]))
        {
            await using var client = await LineClient.ConnectAsync(gateway.EndPoints.Login!.Port);
            await client.ReadLineAsync();
            (await client.AskAsync($"ADD {taken} s3cret1")).ShouldBe($"OK added user:{taken}");
        }

        var refused = await Should.ThrowAsync<InvalidOperationException>(
            () => StartAsync(new() { ["AUTHACTORS_ADMIN_ID"] = taken, ["AUTHACTORS_ADMIN_PASSWORD"] = Password }));

        refused.Message.ShouldContain($"'{taken}'");
        refused.Message.ShouldContain("without the admin role");
    }

    [Fact]
    public async Task A_first_admin_that_cannot_be_created_stops_the_start()
    {
        var admin = GatewayFixture.NewId("weak");

        var refused = await Should.ThrowAsync<InvalidOperationException>(
            () => StartAsync(new() { ["AUTHACTORS_ADMIN_ID"] = admin, ["AUTHACTORS_ADMIN_PASSWORD"] = "short" }));

        refused.Message.ShouldContain($"'{admin}'");
    }

    public void Dispose() => _data.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Accepts(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private Task<RunningHost> StartAsync(Dictionary<string, string> settings, Action<ILoggingBuilder>? logging = null)
    {
        var variables = InProcessGateway.Variables(_data.Path);
        foreach (var (key, value) in settings)
        {
            variables[key] = value;
        }

        return InProcessGateway.StartAsync(variables, Ct, logging);
    }

    // Runs an action, on the logging thread, at the moment a line containing some text is written.
    private sealed class OnLogLine(string text, Action action) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).Contains(text, StringComparison.Ordinal))
            {
                action();
            }
        }

        public void Dispose()
        {
        }
    }
}
