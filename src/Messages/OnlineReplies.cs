namespace AuthActors.Messages;

/// <summary>A message kept for a user who was offline, numbered in arrival order.</summary>
public sealed record InboxMessage(long Number, string From, string Text, DateTimeOffset At);

/// <summary>The online session is open: the inbox to deliver now, and whom the user blocks (not told of presence).</summary>
public sealed record OnlineSessionOpened(string UserId, IReadOnlyList<InboxMessage> Inbox, IReadOnlyList<string> Blocked) : IUserReply;

/// <summary>
/// The online session is closed; <paramref name="WasOpen"/> false when it was not open (closed before, or never).
/// <paramref name="Blocked"/> is whom the user blocks, so whoever announces the logout can leave them out.
/// </summary>
public sealed record OnlineSessionClosed(string UserId, bool WasOpen, IReadOnlyList<string> Blocked) : IUserReply;

/// <summary>The inbox is delivered up to the acknowledged number.</summary>
public sealed record InboxAcknowledged(string UserId, int Remaining) : IUserReply;

/// <summary>The block list after a block or unblock.</summary>
public sealed record BlockListChanged(string UserId, IReadOnlyList<string> Blocked) : IUserReply;

/// <summary>The recipient is online: write the message to these sessions.</summary>
public sealed record DeliverToSessions(string UserId, IReadOnlyList<SessionHolder> Sessions) : IUserReply;

/// <summary>The recipient is offline: the message waits in their inbox.</summary>
public sealed record MessageQueued(string UserId, long Number) : IUserReply;

/// <summary>The recipient is offline and the message was for online users only (a broadcast): nothing was kept.</summary>
public sealed record RecipientOffline(string UserId) : IUserReply;
