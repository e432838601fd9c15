using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>
/// What happened to a user, as journalled. Past tense; each type has a versioned manifest in
/// <see cref="UserPersistenceSerializer"/>. Never change a stored shape: add a new version and an upcaster.
/// </summary>
public abstract record UserEvent
{
    private UserEvent()
    {
    }

    /// <summary>
    /// Where the request that caused the event came from (added later, optional, so the manifests stay v1): events
    /// stored before it, and events no client request caused (a sweep, the first admin at start), read as null.
    /// </summary>
    public RequestOrigin? Origin { get; init; }

    /// <summary>The user signed up (or signed up again after a delete).</summary>
    public sealed record Registered(string UserId, string PasswordHash, DateTimeOffset At) : UserEvent;

    // Via (added later, optional): whose failure budget the attempt was — null for the account (what every event
    // stored before it meant), "untrusted", or "device:<id>" (LoginAttempt.Via). An event stored without it reads as
    // null, so its meaning is unchanged and the manifests stay v1.

    /// <summary>A correct password was given.</summary>
    public sealed record LoginSucceeded(DateTimeOffset At, string? From, string? Via = null) : UserEvent;

    /// <summary>A wrong password was given.</summary>
    public sealed record LoginFailed(DateTimeOffset At, string? From, string? Via = null) : UserEvent;

    /// <summary>Too many consecutive failures: attempts through that budget are refused until <paramref name="Until"/>.</summary>
    public sealed record Locked(DateTimeOffset At, DateTimeOffset Until, string? Via = null) : UserEvent;

    /// <summary>The user chose a new password.</summary>
    public sealed record PasswordChanged(string PasswordHash, DateTimeOffset At) : UserEvent;

    /// <summary>The same password was hashed again with the current parameters.</summary>
    public sealed record PasswordRehashed(string PasswordHash, DateTimeOffset At) : UserEvent;

    /// <summary>The account was deleted; the id may register again.</summary>
    public sealed record Deleted(DateTimeOffset At, bool ByAdmin) : UserEvent;

    /// <summary>The profile the user gave (at sign-up, or later).</summary>
    public sealed record ProfileSet(string? Email, string? DisplayName, DateTimeOffset At) : UserEvent;

    /// <summary>A role was granted (the configured first admin gets <c>admin</c>).</summary>
    public sealed record RoleGranted(string Role, DateTimeOffset At) : UserEvent;

    /// <summary>A session (refresh-token family) opened; only the SHA-256 digest of its refresh token is kept.</summary>
    public sealed record SessionStarted(
        string SessionId, string RefreshDigest, SessionClient Client, DateTimeOffset At, string? From) : UserEvent;

    /// <summary>The session's refresh token was used and replaced by the one with <paramref name="RefreshDigest"/>.</summary>
    public sealed record RefreshRotated(string SessionId, string RefreshDigest, DateTimeOffset At, string? From) : UserEvent;

    /// <summary>An already-rotated refresh token of the session was presented again (RFC 9700): theft is likely.</summary>
    public sealed record RefreshReuseDetected(string SessionId, DateTimeOffset At, string? From) : UserEvent;

    /// <summary>One session ended; <paramref name="Reason"/> says why (logout, revoked, expired, reuse, limit, admin).</summary>
    public sealed record SessionEnded(string SessionId, string Reason, DateTimeOffset At) : UserEvent;

    /// <summary>Every session ended at once (password change, ban, withdrawal, revoke-all).</summary>
    public sealed record AllSessionsEnded(string Reason, DateTimeOffset At) : UserEvent;

    /// <summary>One access token is refused from now until it would have expired anyway.</summary>
    public sealed record AccessTokenRevoked(string TokenId, DateTimeOffset ExpiresAt, DateTimeOffset At) : UserEvent;

    /// <summary>An admin banned the account.</summary>
    public sealed record Banned(string Reason, DateTimeOffset At) : UserEvent;

    /// <summary>An admin lifted the ban.</summary>
    public sealed record Unbanned(DateTimeOffset At) : UserEvent;

    /// <summary>An admin ended the lock-out and cleared the failure count.</summary>
    public sealed record Unlocked(DateTimeOffset At) : UserEvent;

    /// <summary>The owner withdrew the account; the id stays taken for the cooldown.</summary>
    public sealed record Withdrawn(DateTimeOffset At) : UserEvent;

    /// <summary>An online session opened on the session port, held by <paramref name="GatewayId"/>'s connection.</summary>
    public sealed record OnlineSessionOpened(string GatewayId, string ConnectionId, DateTimeOffset At, string? From) : UserEvent;

    /// <summary>An online session closed; <paramref name="Reason"/> says why (logout, inactivity, disconnect, gateway gone).</summary>
    public sealed record OnlineSessionClosed(string GatewayId, string ConnectionId, string Reason, DateTimeOffset At) : UserEvent;

    /// <summary>The user blocked <paramref name="Target"/>.</summary>
    public sealed record UserBlocked(string Target, DateTimeOffset At) : UserEvent;

    /// <summary>The user lifted the block on <paramref name="Target"/>.</summary>
    public sealed record UserUnblocked(string Target, DateTimeOffset At) : UserEvent;

    /// <summary>A message arrived while the user was offline; it waits in the inbox under <paramref name="Number"/>.</summary>
    public sealed record InboxMessageQueued(long Number, string From, string Text, DateTimeOffset At) : UserEvent;

    /// <summary>The inbox was written to an online session up to and including <paramref name="UpTo"/>.</summary>
    public sealed record InboxDelivered(long UpTo, DateTimeOffset At) : UserEvent;
}
