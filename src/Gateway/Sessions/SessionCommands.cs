using System.Globalization;
using AuthActors.Gateway.Tcp;
using AuthActors.Messages;
using AuthActors.Node.Projections;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Sessions;

/// <summary>
/// The commands of an online session, one answer line each. Messages go to the recipient's user entity, which
/// decides (blocked, online, offline) and names the sessions to write to; who is online comes from the
/// <see cref="PresenceProjection"/>. Nothing here needs to know on which node a user lives.
/// </summary>
internal sealed class SessionCommands(
    UserDirectory users, ConnectedSessions sessions, PresenceProjection presence, GatewayIdentity identity, TimeProvider clock)
{
    public const string Usage =
        "commands: message <user> <text>, broadcast <text>, whoelse, whoelsesince <seconds>, block <user>, unblock <user>, " +
        "startprivate <user> <port>, accept <user> <port>, decline <user>, stopprivate <user>, logout";

    /// <summary>Runs commands until logout (returns its reason) or the connection ends (returns null).</summary>
    public async Task<string?> RunAsync(ConnectedSession session)
    {
        while (await session.Client.ReceiveAsync() is { } line)
        {
            var (verb, rest) = Split(line.Trim());
            if (verb == "logout")
            {
                await session.Client.SendAsync($"{DialogConversation.Close}goodbye {session.UserId}");
                return "logout";
            }

            await session.Client.SendAsync(await AnswerAsync(session, verb, rest));
        }

        return null;
    }

    private Task<string> AnswerAsync(ConnectedSession session, string verb, string rest) => verb switch
    {
        "" => Task.FromResult(Usage),
        "message" => MessageAsync(session, rest),
        "broadcast" => BroadcastAsync(session, rest),
        "whoelse" => WhoElseAsync(session),
        "whoelsesince" => WhoElseSinceAsync(session, rest),
        "block" => BlockAsync(session, rest),
        "unblock" => UnblockAsync(session, rest),
        "startprivate" => StartPrivateAsync(session, rest),
        "accept" => AcceptPrivateAsync(session, rest),
        "decline" => DeclinePrivateAsync(session, rest),
        "stopprivate" => StopPrivateAsync(session, rest),
        "private" => Task.FromResult("ERR 400 private messages go straight to the other client: use the client (AuthActors.Gateway client)"),
        _ => Task.FromResult($"ERR 400 unknown command: {Shorten(verb)}; {Usage}"),
    };

    private async Task<string> MessageAsync(ConnectedSession session, string rest)
    {
        var (recipient, text) = Split(rest);
        if (recipient.Length == 0 || text.Length == 0)
        {
            return "ERR 400 usage: message <user> <text>";
        }

        if (CheckOther(session, recipient, "message") is { } refused)
        {
            return refused;
        }

        var deliver = new DeliverMessage(recipient, session.UserId, text, OnlineOnly: false, identity.LiveGateways);
        switch (await users.AskAsync(deliver, CancellationToken.None))
        {
            case DeliverToSessions online:
                return await WriteAllAsync(online.Sessions, $"{session.UserId}: {text}") > 0
                    ? $"message delivered to {recipient}"
                    : $"ERR 503 {recipient} could not be reached, try again";
            case MessageQueued:
                return $"{recipient} is offline: the message will be delivered at their next login";
            case Rejected { Code: ErrorCode.NotFound }:
                return $"ERR 404 no such user: {recipient}";
            case Rejected rejected:
                return Err(rejected);
            default:
                return "ERR 500 unexpected answer";
        }
    }

    private async Task<string> BroadcastAsync(ConnectedSession session, string text)
    {
        if (text.Length == 0)
        {
            return "ERR 400 usage: broadcast <text>";
        }

        var recipients = await presence.OnlineAsync(session.UserId, identity.LiveGateways, includeBlockers: true, CancellationToken.None);
        var missed = 0;
        foreach (var recipient in recipients)
        {
            var deliver = new DeliverMessage(recipient, session.UserId, text, OnlineOnly: true, identity.LiveGateways);
            var reached = await users.AskAsync(deliver, CancellationToken.None) is DeliverToSessions online
                && await WriteAllAsync(online.Sessions, $"{session.UserId} (broadcast): {text}") > 0;
            missed += reached ? 0 : 1;
        }

        return missed == 0 ? "broadcast sent" : "broadcast sent, but some users did not receive it";
    }

    private async Task<string> WhoElseAsync(ConnectedSession session)
    {
        var online = await presence.OnlineAsync(session.UserId, identity.LiveGateways, includeBlockers: false, CancellationToken.None);
        return online.Count == 0 ? "nobody else is online" : $"online: {string.Join(", ", online)}";
    }

    private async Task<string> WhoElseSinceAsync(ConnectedSession session, string rest)
    {
        if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return "ERR 400 usage: whoelsesince <seconds> (a whole number above 0)";
        }

        var since = clock.GetUtcNow() - TimeSpan.FromSeconds(seconds);
        var seen = await presence.SeenSinceAsync(session.UserId, since, identity.LiveGateways, CancellationToken.None);
        return seen.Count == 0
            ? $"nobody else was online in the last {seconds} seconds"
            : $"online in the last {seconds} seconds: {string.Join(", ", seen)}";
    }

    private async Task<string> BlockAsync(ConnectedSession session, string target)
    {
        if (target.Length == 0 || target.Contains(' ', StringComparison.Ordinal))
        {
            return "ERR 400 usage: block <user>";
        }

        if (target != session.UserId && await ExistsAsync(target) is { } missing)
        {
            return missing;
        }

        return await ChangeBlocksAsync(session, new BlockUser(session.UserId, target), $"{target} is blocked");
    }

    private async Task<string> UnblockAsync(ConnectedSession session, string target) =>
        target.Length == 0 || target.Contains(' ', StringComparison.Ordinal)
            ? "ERR 400 usage: unblock <user>"
            : await ChangeBlocksAsync(session, new UnblockUser(session.UserId, target), $"{target} is unblocked");

    private async Task<string> ChangeBlocksAsync(ConnectedSession session, IUserCommand command, string done)
    {
        switch (await users.AskAsync(command, CancellationToken.None))
        {
            case BlockListChanged changed:
                foreach (var mine in sessions.Of(session.UserId))
                {
                    mine.Blocked = changed.Blocked;
                }

                return done;
            case Rejected rejected:
                return Err(rejected);
            default:
                return "ERR 500 unexpected answer";
        }
    }

    private async Task<string> StartPrivateAsync(ConnectedSession session, string rest)
    {
        if (ParsePeer(rest) is not var (peer, port) || port is null)
        {
            return "ERR 400 usage: startprivate <user> <port> (the client adds the port it listens on)";
        }

        if (await CheckPrivateAsync(session, peer) is { } refused)
        {
            return refused;
        }

        var request = new PrivateChatRequest(session.UserId, $"{session.Address}:{port}");
        var line = $"{session.UserId} would like to talk privately: answer 'accept {session.UserId}' or 'decline {session.UserId}'";
        await WriteToUserAsync(peer, line, request);
        return $"private chat request sent to {peer}";
    }

    private async Task<string> AcceptPrivateAsync(ConnectedSession session, string rest)
    {
        if (ParsePeer(rest) is not var (peer, port) || port is null)
        {
            return "ERR 400 usage: accept <user> <port> (the client adds the port it listens on)";
        }

        if (!session.TryTakePrivateRequest(peer, out var theirEndpoint))
        {
            return $"ERR 404 no private chat request from {peer}";
        }

        if (await CheckPrivateAsync(session, peer) is { } refused)
        {
            return refused;
        }

        await WriteToUserAsync(peer, $"private chat with {session.UserId} at {session.Address}:{port}");

        return $"private chat with {peer} at {theirEndpoint}";
    }

    private async Task<string> DeclinePrivateAsync(ConnectedSession session, string peer)
    {
        if (!UserId.IsValid(peer))
        {
            return "ERR 400 usage: decline <user>";
        }

        if (!session.TryTakePrivateRequest(peer, out _))
        {
            return $"ERR 404 no private chat request from {peer}";
        }

        await WriteToUserAsync(peer, $"{session.UserId} declined the private chat");

        return $"private chat with {peer} declined";
    }

    private async Task<string> StopPrivateAsync(ConnectedSession session, string peer)
    {
        if (peer.Length == 0 || !UserId.IsValid(peer))
        {
            return "ERR 400 usage: stopprivate <user>";
        }

        await WriteToUserAsync(peer, $"{session.UserId} stopped the private chat");

        return $"private chat with {peer} stopped";
    }

    // Both must be online (on any gateway) and neither may block the other; the reason is the same either way.
    private async Task<string?> CheckPrivateAsync(ConnectedSession session, string peer)
    {
        if (CheckOther(session, peer, "talk privately with") is { } refused)
        {
            return refused;
        }

        if ((await presence.SessionsOfAsync(peer, identity.LiveGateways, CancellationToken.None)).Count == 0)
        {
            return $"ERR 404 {peer} is not online";
        }

        return await presence.EitherBlocksAsync(session.UserId, peer, CancellationToken.None)
            ? $"ERR 403 private chat with {peer} is not possible: one of you has blocked the other"
            : null;
    }

    private static string? CheckOther(ConnectedSession session, string other, string action)
    {
        if (!UserId.IsValid(other))
        {
            return $"ERR 400 {UserId.Rule}";
        }

        return other == session.UserId ? $"ERR 400 you cannot {action} yourself" : null;
    }

    private async Task<string?> ExistsAsync(string userId) => await users.AskAsync(new GetUserStatus(userId), CancellationToken.None) switch
    {
        UserStatus { Exists: true } => null,
        UserStatus => $"ERR 404 no such user: {userId}",
        Rejected rejected => Err(rejected),
        _ => "ERR 500 unexpected answer",
    };

    // To every online session of the user, on whichever gateway holds it.
    private async Task WriteToUserAsync(string userId, string line, PrivateChatRequest? request = null)
    {
        foreach (var holder in await presence.SessionsOfAsync(userId, identity.LiveGateways, CancellationToken.None))
        {
            await sessions.WriteAsync(holder, line, request);
        }
    }

    private async Task<int> WriteAllAsync(IReadOnlyList<SessionHolder> holders, string line)
    {
        var written = 0;
        foreach (var holder in holders)
        {
            written += await sessions.WriteAsync(holder, line) ? 1 : 0;
        }

        return written;
    }

    private static (string Peer, string? Port)? ParsePeer(string rest)
    {
        var (peer, port) = Split(rest);
        if (!UserId.IsValid(peer))
        {
            return null;
        }

        return (peer, ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number.ToString(CultureInfo.InvariantCulture)
            : null);
    }

    private static (string Head, string Tail) Split(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text, "") : (text[..space], text[(space + 1)..].Trim());
    }

    private static string Err(Rejected rejected) => $"ERR {(int)rejected.Code} {rejected.Message}";

    // An unknown command is echoed back, but never a whole 4 KiB line.
    private static string Shorten(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
