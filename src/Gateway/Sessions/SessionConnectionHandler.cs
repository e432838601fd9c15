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
    GatewayIdentity identity,
    IOptions<SessionPortOptions> options,
    IOptions<TcpLoginOptions> login,
    ConnectionsPerAddress perAddress,
    IHostApplicationLifetime lifetime,
    ILogger<SessionConnectionHandler> logger) : ConnectionHandler
{
    // Made once, not per connection: thousands of waiting connections would each hold a copy.
    private readonly TcpLoginOptions _lineOptions = options.Value.LineOptions(login.Value);
    private readonly string _farewell = $"<<close>>you have been logged out after {Describe(options.Value.Timeout)} of inactivity";

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var settings = options.Value;
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        var outbox = new LineOutbox(connection.Transport.Output, settings.WriteTimeout);
        var client = new ClientConnection(
            connection.Transport, _lineOptions, lifetime.ApplicationStopping, _farewell, outbox, sessions.Clock);
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
            var id = await new DialogConversation(client, users, login.Value.PasswordPolicy, from, keepOpen: true).RunAsync(first);
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
        var holder = new SessionHolder(identity.Id, connectionId);
        var open = new OpenOnlineSession(id, holder, settings.AllowMultipleSessions, identity.LiveGateways, from);
        var reply = await users.AskAsync(open, CancellationToken.None);
        if (reply is not OnlineSessionOpened opened)
        {
            await client.SendAsync(DialogConversation.Close + ((reply as Rejected)?.Message ?? "the session could not be opened"));
            return;
        }

        var session = new ConnectedSession(id, connectionId, client, from) { Blocked = opened.Blocked };
        sessions.Add(session);
        try
        {
            await WelcomeAsync(session, opened.Inbox);
            var reason = await commands.RunAsync(session);
            await users.AskAsync(new CloseOnlineSession(id, holder, reason ?? client.EndReason), CancellationToken.None);
        }
        catch
        {
            await users.AskAsync(new CloseOnlineSession(id, holder, "disconnect"), CancellationToken.None);
            throw;
        }
        finally
        {
            sessions.Remove(session);
            await sessions.AnnounceAsync(id, $"{id} logged out", session.Blocked);
        }
    }

    // Apart from RunSessionAsync so that the reply of the open (its inbox) is not held while the session waits.
    private async Task WelcomeAsync(ConnectedSession session, IReadOnlyList<InboxMessage> inbox)
    {
        await session.Client.SendAsync($"welcome {session.UserId}");
        await DeliverInboxAsync(session.UserId, session.Client, inbox);
        await sessions.AnnounceAsync(session.UserId, $"{session.UserId} logged in", session.Blocked);
    }

    // In order, then acknowledged: a crash between writing and acknowledging delivers them again, never loses them.
    private async Task DeliverInboxAsync(string id, ClientConnection client, IReadOnlyList<InboxMessage> inbox)
    {
        if (inbox.Count == 0)
        {
            return;
        }

        await client.SendAsync($"you have {inbox.Count} offline message{(inbox.Count == 1 ? "" : "s")}");
        foreach (var message in inbox)
        {
            await client.SendAsync($"{message.From}: {message.Text}");
        }

        await users.AskAsync(new AcknowledgeInbox(id, inbox[^1].Number), CancellationToken.None);
    }

    private static string Describe(TimeSpan timeout) => timeout.TotalSeconds < 120
        ? $"{timeout.TotalSeconds:0} second{(timeout.TotalSeconds == 1 ? "" : "s")}"
        : $"{timeout.TotalMinutes:0} minutes";
}
