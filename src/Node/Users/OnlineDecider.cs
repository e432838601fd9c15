using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>
/// The rules of online sessions, blocks and the offline inbox as pure functions. Which gateways are live is an input,
/// so a session held by a gateway that died is closed here, on the user's next message, whatever node runs it.
/// </summary>
public static class OnlineDecider
{
    /// <summary>What a second login gets while the user is online and only one session is allowed.</summary>
    public const string AlreadyLoggedIn = "already logged in";

    /// <summary>Why sessions of a dead gateway were closed.</summary>
    public const string GatewayGone = "gateway gone";

    private static readonly Rejected NoSuchUser = new(ErrorCode.NotFound, "no such user");

    /// <summary>Opens an online session; the user must be able to log in, and be offline unless several are allowed.</summary>
    public static Decision Open(UserState state, string userId, OpenOnlineSession command, DateTimeOffset now)
    {
        if (!state.IsActive)
        {
            return Decision.Only(NoSuchUser);
        }

        var events = CloseDead(state, command.LiveGateways, now);
        var live = state.LiveOnlineSessions(command.LiveGateways);
        if (live.Count > 0 && !command.AllowSeveral)
        {
            return new Decision(events, new Rejected(ErrorCode.Conflict, AlreadyLoggedIn));
        }

        events.Add(new UserEvent.OnlineSessionOpened(command.Holder.GatewayId, command.Holder.ConnectionId, now, command.From));
        return new Decision(events, new OnlineSessionOpened(userId, state.Inbox, state.Blocked));
    }

    /// <summary>Closes one online session; closing one that is not open changes nothing.</summary>
    public static Decision Close(UserState state, string userId, SessionHolder holder, string reason, DateTimeOffset now) =>
        state.OnlineSessions.Contains(holder)
            ? new Decision(
                [new UserEvent.OnlineSessionClosed(holder.GatewayId, holder.ConnectionId, reason, now)], new OnlineSessionClosed(userId, true, state.Blocked))
            : Decision.Only(new OnlineSessionClosed(userId, false, state.Blocked));

    /// <summary>Marks the inbox delivered up to <paramref name="upTo"/>.</summary>
    public static Decision Acknowledge(UserState state, string userId, long upTo, DateTimeOffset now)
    {
        var delivered = state.Inbox.Count(m => m.Number <= upTo);
        return delivered == 0
            ? Decision.Only(new InboxAcknowledged(userId, state.Inbox.Count))
            : new Decision([new UserEvent.InboxDelivered(upTo, now)], new InboxAcknowledged(userId, state.Inbox.Count - delivered));
    }

    /// <summary>Blocks <paramref name="target"/> (who must exist: the edge asks first); blocking twice is no change.</summary>
    public static Decision Block(UserState state, string userId, string target, DateTimeOffset now)
    {
        if (!state.IsActive)
        {
            return Decision.Only(NoSuchUser);
        }

        if (target == userId)
        {
            return Decision.Only(new Rejected(ErrorCode.InvalidInput, "you cannot block yourself"));
        }

        if (state.Blocks(target))
        {
            return Decision.Only(new BlockListChanged(userId, state.Blocked));
        }

        if (state.Blocked.Count >= UserState.MaxBlocked)
        {
            return Decision.Only(new Rejected(ErrorCode.TooLarge, $"your block list is full (at most {UserState.MaxBlocked} users)"));
        }

        return new Decision([new UserEvent.UserBlocked(target, now)], new BlockListChanged(userId, [.. state.Blocked, target]));
    }

    /// <summary>Lifts a block; a user who was not blocked is an error, so a typo is not taken for success.</summary>
    public static Decision Unblock(UserState state, string userId, string target, DateTimeOffset now)
    {
        if (!state.IsActive)
        {
            return Decision.Only(NoSuchUser);
        }

        if (target == userId)
        {
            return Decision.Only(new Rejected(ErrorCode.InvalidInput, "you cannot unblock yourself"));
        }

        return state.Blocks(target)
            ? new Decision([new UserEvent.UserUnblocked(target, now)], new BlockListChanged(userId, [.. state.Blocked.Where(b => b != target)]))
            : Decision.Only(new Rejected(ErrorCode.Conflict, $"{target} was not blocked"));
    }

    /// <summary>
    /// A message for this user from <c>From</c>: refused if the user blocks the sender; written to the live sessions
    /// when online; otherwise queued in the inbox (bounded), unless it was for online users only.
    /// </summary>
    public static Decision Deliver(UserState state, string userId, DeliverMessage command, DateTimeOffset now)
    {
        if (!state.IsActive)
        {
            return Decision.Only(NoSuchUser);
        }

        if (state.Blocks(command.From))
        {
            return Decision.Only(new Rejected(ErrorCode.Forbidden, $"your message could not be delivered as {userId} has blocked you"));
        }

        var events = CloseDead(state, command.LiveGateways, now);
        var live = state.LiveOnlineSessions(command.LiveGateways);
        if (live.Count > 0)
        {
            return new Decision(events, new DeliverToSessions(userId, live));
        }

        if (command.OnlineOnly)
        {
            return new Decision(events, new RecipientOffline(userId));
        }

        if (state.Inbox.Count >= UserState.MaxInbox)
        {
            return new Decision(events, new Rejected(ErrorCode.TooLarge, $"{userId}'s offline inbox is full (at most {UserState.MaxInbox} messages)"));
        }

        events.Add(new UserEvent.InboxMessageQueued(state.NextInboxNumber, command.From, command.Text, now));
        return new Decision(events, new MessageQueued(userId, state.NextInboxNumber));
    }

    // Sessions whose gateway is no longer live did not log out: they end now, so nobody stays online forever.
    private static List<UserEvent> CloseDead(UserState state, IReadOnlyList<string> liveGateways, DateTimeOffset now) =>
        [.. state.OnlineSessions
            .Where(s => !liveGateways.Contains(s.GatewayId))
            .Select(s => (UserEvent)new UserEvent.OnlineSessionClosed(s.GatewayId, s.ConnectionId, GatewayGone, now))];
}
