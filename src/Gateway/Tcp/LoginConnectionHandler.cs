using System.Net;
using AuthActors.Node.Users;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Tcp;

/// <summary>
/// The login port (4224). The server speaks first; the client's first message picks the mode: a command
/// (<c>LOGIN</c>, <c>ADD</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>TOKEN</c>, <c>REFRESH</c>, <c>REVOKE</c>) starts command mode, anything else is an id for the dialog.
/// </summary>
internal sealed class LoginConnectionHandler(
    UserDirectory users,
    TokenCommands tokens,
    PasswordAttemptsPerAddress attempts,
    IOptions<TcpLoginOptions> options,
    ConnectionsPerAddress perAddress,
    IHostApplicationLifetime lifetime,
    ILogger<LoginConnectionHandler> logger) : ConnectionHandler
{
    public const string Greeting = "enter your id";

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var settings = options.Value;
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        var client = new ClientConnection(connection.Transport, settings, lifetime.ApplicationStopping);
        if (!perAddress.TryEnter(address, settings.MaxConnectionsPerAddress))
        {
            await client.SendAsync("<<close>>ERR 429 too many connections from your address");
            return;
        }

        try
        {
            await client.SendAsync(Greeting);
            var first = await client.ReceiveAsync();
            if (first is null)
            {
                return;
            }

            var from = address.ToString();
            if (CommandConversation.IsCommand(first))
            {
                await new CommandConversation(client, users, tokens, attempts, settings.PasswordPolicy, from).RunAsync(first);
            }
            else
            {
                await new DialogConversation(client, users, attempts, settings.PasswordPolicy, from).RunAsync(first);
            }
        }
        catch (ConnectionResetException)
        {
            // The client went away mid-conversation; nothing to answer.
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Login connection {ConnectionId} failed", connection.ConnectionId);
        }
        finally
        {
            perAddress.Leave(address);
        }
    }
}
