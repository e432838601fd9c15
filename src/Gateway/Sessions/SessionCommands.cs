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

    /// <summary>Runs the commands of a session-port connection until logout (returns its reason) or the connection ends (returns null).</summary>
    public async Task<string?> RunAsync(ConnectedSession session, ClientConnection client)
    {
        while (await client.ReceiveAsync() is { } line)
        {
            // Before anything reads the line: no command may carry an escape sequence to another user's terminal, nor
            // echo one back to this one.
            if (SafeText.Check(line) is { } refused)
            {
                await client.SendAsync($"ERR 400 {refused}");
                continue;
            }

            var (verb, rest) = Split(line.Trim());
            if (verb == "logout")
            {
                await client.SendAsync($"{DialogConversation.Close}goodbye {session.UserId}");
                return "logout";
            }

            await client.SendAsync(await AnswerAsync(session, verb, rest));
        }

        return null;
    }

    /// <summary>
    /// The answer line to one of the commands a browser can give too (<c>message</c>, <c>broadcast</c>,
    /// <c>whoelse</c>, <c>whoelsesince</c>, <c>block</c>, <c>unblock</c>): they need only who gives them, not a
    /// connection, so the messages page gives them exactly as the session port does.
    /// </summary>
    public Task<string> AnswerAsync(string me, string verb, string rest) => verb switch
    {
        "message" => MessageAsync(me, rest),
        "broadcast" => BroadcastAsync(me, rest),
        "whoelse" => WhoElseAsync(me),
        "whoelsesince" => WhoElseSinceAsync(me, rest),
        "block" => BlockAsync(me, rest),
        "unblock" => UnblockAsync(me, rest),
        _ => Task.FromResult($"ERR 400 unknown command: {Shorten(verb)}"),
    };

    private Task<string> AnswerAsync(ConnectedSession session, string verb, string rest) => verb switch
    {
        "" => Task.FromResult(Usage),
        "message" or "broadcast" or "whoelse" or "whoelsesince" or "block" or "unblock" => AnswerAsync(session.UserId, verb, rest),
        "startprivate" => StartPrivateAsync(session, rest),
        "accept" => AcceptPrivateAsync(session, rest),
        "decline" => DeclinePrivateAsync(session, rest),
        "stopprivate" => StopPrivateAsync(session, rest),
        "private" => Task.FromResult("ERR 400 private messages go straight to the other client: use the client (AuthActors.Gateway client)"),
        _ => Task.FromResult($"ERR 400 unknown command: {Shorten(verb)}; {Usage}"),
    };

    private async Task<string> MessageAsync(string me, string rest)
    {
        var (recipient, text) = Split(rest);
        if (recipient.Length == 0 || text.Length == 0)
        {
            return "ERR 400 usage: message <user> <text>";
        }

        if (CheckOther(me, recipient, "message") is { } refused)
        {
            return refused;
        }

        var deliver = new DeliverMessage(recipient, me, text, OnlineOnly: false, identity.LiveGateways);
        switch (await users.AskAsync(deliver, CancellationToken.None))
        {
            case DeliverToSessions online:
                return await WriteAllAsync(online.Sessions, $"{me}: {text}") > 0
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

    private async Task<string> BroadcastAsync(string me, string text)
    {
        if (text.Length == 0)
        {
            return "ERR 400 usage: broadcast <text>";
        }

        var recipients = await presence.OnlineAsync(me, identity.LiveGateways, includeBlockers: true, CancellationToken.None);
        var missed = 0;
        foreach (var recipient in recipients)
        {
            var deliver = new DeliverMessage(recipient, me, text, OnlineOnly: true, identity.LiveGateways);
            var reached = await users.AskAsync(deliver, CancellationToken.None) is DeliverToSessions online
                && await WriteAllAsync(online.Sessions, $"{me} (broadcast): {text}") > 0;
            missed += reached ? 0 : 1;
        }

        return missed == 0 ? "broadcast sent" : "broadcast sent, but some users did not receive it";
    }

    private async Task<string> WhoElseAsync(string me)
    {
        var online = await presence.OnlineAsync(me, identity.LiveGateways, includeBlockers: false, CancellationToken.None);
        return online.Count == 0 ? "nobody else is online" : $"online: {string.Join(", ", online)}";
    }

    private async Task<string> WhoElseSinceAsync(string me, string rest)
    {
        if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return "ERR 400 usage: whoelsesince <seconds> (a whole number above 0)";
        }

        var since = clock.GetUtcNow() - TimeSpan.FromSeconds(seconds);
        var seen = await presence.SeenSinceAsync(me, since, identity.LiveGateways, CancellationToken.None);
        return seen.Count == 0
            ? $"nobody else was online in the last {seconds} seconds"
            : $"online in the last {seconds} seconds: {string.Join(", ", seen)}";
    }

    private async Task<string> BlockAsync(string me, string target)
    {
        if (target.Length == 0 || target.Contains(' ', StringComparison.Ordinal))
        {
            return "ERR 400 usage: block <user>";
        }

        if (target != me && await ExistsAsync(target) is { } missing)
        {
            return missing;
        }

        return await ChangeBlocksAsync(me, new BlockUser(me, target), $"{target} is blocked");
    }

    private async Task<string> UnblockAsync(string me, string target) =>
        target.Length == 0 || target.Contains(' ', StringComparison.Ordinal)
            ? "ERR 400 usage: unblock <user>"
            : await ChangeBlocksAsync(me, new UnblockUser(me, target), $"{target} is unblocked");

    private async Task<string> ChangeBlocksAsync(string me, IUserCommand command, string done)
    {
        switch (await users.AskAsync(command, CancellationToken.None))
        {
            case BlockListChanged changed:
                foreach (var mine in sessions.Of(me))
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
        if (CheckOther(session.UserId, peer, "talk privately with") is { } refused)
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

    private static string? CheckOther(string me, string other, string action)
    {
        if (UserId.Problem(other) is { } problem)
        {
            return $"ERR 400 {problem}";
        }

        return other == me ? $"ERR 400 you cannot {action} yourself" : null;
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
