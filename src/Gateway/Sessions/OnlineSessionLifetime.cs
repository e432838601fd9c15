using AuthActors.Messages;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Sessions;

/// <summary>
/// The life of one online session, whatever its client: opened as an event of the user, welcomed (<c>welcome</c>,
/// the offline inbox, presence told to the others), kept while the client converses, then closed and its leaving
/// told. The session port and the browser's event stream both run their sessions through this one place.
/// </summary>
internal sealed class OnlineSessionLifetime(UserDirectory users, ConnectedSessions sessions, GatewayIdentity identity)
{
    /// <summary>
    /// Opens a session for <paramref name="userId"/> held by <paramref name="connectionId"/> on this gateway and runs
    /// <paramref name="converse"/> until it returns why the session ended. Returns null, or why the session could not
    /// be opened (<c>already logged in</c>, an account that cannot log in), which the caller tells its client.
    /// </summary>
    public async Task<string?> RunAsync(
        string userId, string connectionId, ISessionOutlet outlet, string from, bool allowSeveral, Func<ConnectedSession, Task<string>> converse)
    {
        var holder = new SessionHolder(identity.Id, connectionId);
        var reply = await users.AskAsync(new OpenOnlineSession(userId, holder, allowSeveral, identity.LiveGateways, from), CancellationToken.None);
        if (reply is not OnlineSessionOpened opened)
        {
            return (reply as Rejected)?.Message ?? "the session could not be opened";
        }

        var session = new ConnectedSession(userId, connectionId, outlet, from) { Blocked = opened.Blocked };
        sessions.Add(session);
        try
        {
            await WelcomeAsync(session, opened.Inbox);
            var reason = await converse(session);
            await users.AskAsync(new CloseOnlineSession(userId, holder, reason), CancellationToken.None);
        }
        catch
        {
            await users.AskAsync(new CloseOnlineSession(userId, holder, "disconnect"), CancellationToken.None);
            throw;
        }
        finally
        {
            sessions.Remove(session);
            await sessions.AnnounceAsync(userId, $"{userId} logged out", session.Blocked);
        }

        return null;
    }

    // Apart from RunAsync so that the reply of the open (its inbox) is not held while the session waits.
    private async Task WelcomeAsync(ConnectedSession session, IReadOnlyList<InboxMessage> inbox)
    {
        await session.Outlet.TrySendAsync($"welcome {session.UserId}");
        await DeliverInboxAsync(session, inbox);
        session.Welcomed = true;
        await sessions.AnnounceAsync(session.UserId, $"{session.UserId} logged in", session.Blocked);
    }

    // In order, then acknowledged once all were written: a crash or a client gone before the end delivers them again
    // at the next login, never loses them.
    private async Task DeliverInboxAsync(ConnectedSession session, IReadOnlyList<InboxMessage> inbox)
    {
        if (inbox.Count == 0)
        {
            return;
        }

        var written = await session.Outlet.TrySendAsync($"you have {inbox.Count} offline message{(inbox.Count == 1 ? "" : "s")}");
        foreach (var message in inbox)
        {
            written &= await session.Outlet.TrySendAsync($"{message.From}: {message.Text}");
        }

        if (!written)
        {
            return;
        }

        await users.AskAsync(new AcknowledgeInbox(session.UserId, inbox[^1].Number), CancellationToken.None);
    }
}
