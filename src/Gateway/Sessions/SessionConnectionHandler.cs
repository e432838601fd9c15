using System.Net;
using AuthActors.Gateway.Tcp;
using AuthActors.Messages;
using AuthActors.Node.Users;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Sessions;

/// <summary>
/// The session port (4225): the login dialog of port 4224, then <c>welcome &lt;id&gt;</c>, the offline inbox, and
/// commands until logout, inactivity or disconnect. The session is opened and closed as events of the user.
/// </summary>
internal sealed class SessionConnectionHandler(
    UserDirectory users,
    ConnectedSessions sessions,
    SessionCommands commands,
    OnlineSessionLifetime lifetime,
    IOptions<SessionPortOptions> options,
    IOptions<TcpLoginOptions> login,
    ConnectionsPerAddress perAddress,
    PasswordAttemptsPerAddress attempts,
    IHostApplicationLifetime host,
    ILogger<SessionConnectionHandler> logger) : ConnectionHandler
{
    // Made once, not per connection: thousands of waiting connections would each hold a copy.
    private readonly TcpLoginOptions _lineOptions = options.Value.LineOptions(login.Value);
    private readonly string _farewell = options.Value.InactivityFarewell;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var settings = options.Value;
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        var outbox = new LineOutbox(connection.Transport.Output, settings.WriteTimeout);
        var client = new ClientConnection(
            connection.Transport, _lineOptions, host.ApplicationStopping, _farewell, outbox, sessions.Clock);
        if (!perAddress.TryEnter(address, login.Value.MaxConnectionsPerAddress))
        {
            await client.SendAsync("<<close>>ERR 429 too many connections from your address");
            await client.CloseAsync();
            return;
        }

        sessions.Watch(client);
        try
        {
            await client.SendAsync(LoginConnectionHandler.Greeting);
            if (await client.ReceiveAsync() is not { } first)
            {
                return;
            }

            var from = address.ToString();
            var id = await new DialogConversation(client, users, attempts, login.Value.PasswordPolicy, from, keepOpen: true).RunAsync(first);
            if (id is not null)
            {
                await RunSessionAsync(id, connection.ConnectionId, client, from, settings);
            }
        }
        catch (ConnectionResetException)
        {
            // The client went away; the session, if any, was closed in RunSessionAsync.
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Session connection {ConnectionId} failed", connection.ConnectionId);
        }
        finally
        {
            sessions.Unwatch(client);
            await client.CloseAsync();
            perAddress.Leave(address);
        }
    }

    private async Task RunSessionAsync(string id, string connectionId, ClientConnection client, string from, SessionPortOptions settings)
    {
        var refused = await lifetime.RunAsync(
            id, connectionId, client, from, settings.AllowMultipleSessions, async session => await commands.RunAsync(session, client) ?? client.EndReason);
        if (refused is not null)
        {
            await client.SendAsync(DialogConversation.Close + refused);
        }
    }
}
