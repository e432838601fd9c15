namespace AuthActors.Messages;

/// <summary>
/// Where an online session lives: the gateway incarnation and its connection. A session is live only while its
/// gateway is; every command that looks at sessions carries the gateways known to be live, so the rule stays pure
/// and a dead gateway's sessions are closed on the user's next message.
/// </summary>
public sealed record SessionHolder(string GatewayId, string ConnectionId);

/// <summary>Opens an online session after a login; refused with <c>already logged in</c> unless several are allowed.</summary>
public sealed record OpenOnlineSession(
    string UserId, SessionHolder Holder, bool AllowSeveral, IReadOnlyList<string> LiveGateways, string? From = null) : IUserCommand;

/// <summary>Closes an online session (logout, inactivity, disconnect); closing one that is not open changes nothing.</summary>
public sealed record CloseOnlineSession(string UserId, SessionHolder Holder, string Reason) : IUserCommand;

/// <summary>Marks the offline inbox delivered up to and including <paramref name="UpTo"/>.</summary>
public sealed record AcknowledgeInbox(string UserId, long UpTo) : IUserCommand;

/// <summary>Stops <paramref name="Target"/> from messaging the user and from seeing their presence.</summary>
public sealed record BlockUser(string UserId, string Target) : IUserCommand;

/// <summary>Lifts a block.</summary>
public sealed record UnblockUser(string UserId, string Target) : IUserCommand;

/// <summary>
/// A message for the user (the recipient). Online: the reply names the sessions to write it to. Offline: it is
/// queued in the inbox, unless <paramref name="OnlineOnly"/> (a broadcast reaches only who is online).
/// </summary>
public sealed record DeliverMessage(
    string UserId, string From, string Text, bool OnlineOnly, IReadOnlyList<string> LiveGateways) : IUserCommand;
