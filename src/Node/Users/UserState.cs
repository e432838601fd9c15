using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>
/// One user's state as rebuilt from their events. Immutable; <see cref="Apply"/> is the only way it changes.
/// <see cref="Exists"/> means the id is taken: a withdrawn account still exists until its cooldown ends.
/// </summary>
public sealed record UserState(
    bool Exists,
    string? PasswordHash,
    DateTimeOffset? CreatedAt,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? LastLoginAt,
    string? LastLoginFrom,
    AccountStatus Status,
    string? Email,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    string? BanReason,
    DateTimeOffset? WithdrawnAt,
    IReadOnlyList<UserSession> Sessions,
    IReadOnlyList<RevokedAccessToken> RevokedTokens)
{
    /// <summary>Access tokens remembered as revoked at most; they expire within minutes, so few are ever live.</summary>
    public const int RevokedTokenMemory = 256;

    /// <summary>Replaced refresh tokens remembered per session, to tell reuse (likely theft) from a random wrong token.</summary>
    public const int RotatedDigestMemory = 8;

    /// <summary>Users one user may block at most.</summary>
    public const int MaxBlocked = 100;

    /// <summary>Offline messages kept at most; past it a sender is told the inbox is full.</summary>
    public const int MaxInbox = 100;

    /// <summary>The state of an id that never registered (or was deleted).</summary>
    public static readonly UserState Empty = new(
        false, null, null, 0, null, null, null, AccountStatus.Active, null, null, [], null, null, [], []);

    /// <summary>Open online sessions (session port), with the gateway and connection holding each.</summary>
    public IReadOnlyList<SessionHolder> OnlineSessions { get; init; } = [];

    /// <summary>Users this user blocks, in the order blocked.</summary>
    public IReadOnlyList<string> Blocked { get; init; } = [];

    /// <summary>Offline messages not yet delivered, oldest first.</summary>
    public IReadOnlyList<InboxMessage> Inbox { get; init; } = [];

    /// <summary>The number the next offline message gets; never reused, so acknowledgements are exact.</summary>
    public long NextInboxNumber { get; init; } = 1;

    /// <summary>When an online session last opened or closed: what <c>whoelsesince</c> asks.</summary>
    public DateTimeOffset? LastOnlineAt { get; init; }

    /// <summary>The online sessions whose gateway is live.</summary>
    public IReadOnlyList<SessionHolder> LiveOnlineSessions(IReadOnlyList<string> liveGateways) =>
        [.. OnlineSessions.Where(s => liveGateways.Contains(s.GatewayId))];

    /// <summary>True when this user blocks <paramref name="other"/>.</summary>
    public bool Blocks(string other) => Blocked.Contains(other, StringComparer.Ordinal);

    /// <summary>True while a lock-out is in force.</summary>
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>True when the account may log in (exists, not banned, not withdrawn).</summary>
    public bool IsActive => Exists && Status == AccountStatus.Active;

    /// <summary>The live session with this id, if any.</summary>
    public UserSession? FindSession(string sessionId)
    {
        foreach (var session in Sessions)
        {
            if (string.Equals(session.SessionId, sessionId, StringComparison.Ordinal))
            {
                return session;
            }
        }

        return null;
    }

    /// <summary>The state after <paramref name="domainEvent"/>.</summary>
    public UserState Apply(UserEvent domainEvent) => domainEvent switch
    {
        UserEvent.Registered e => Empty with { Exists = true, PasswordHash = e.PasswordHash, CreatedAt = e.At },
        UserEvent.LoginSucceeded e => this with { FailedAttempts = 0, LockedUntil = null, LastLoginAt = e.At, LastLoginFrom = e.From },
        UserEvent.LoginFailed => this with { FailedAttempts = FailedAttempts + 1 },

        // A lock-out starts a fresh count: when it ends, the user gets the full number of attempts again.
        UserEvent.Locked e => this with { FailedAttempts = 0, LockedUntil = e.Until },
        UserEvent.PasswordChanged e => this with { PasswordHash = e.PasswordHash },
        UserEvent.PasswordRehashed e => this with { PasswordHash = e.PasswordHash },
        UserEvent.Deleted => Empty,
        UserEvent.ProfileSet e => this with { Email = e.Email, DisplayName = e.DisplayName },
        UserEvent.RoleGranted e => Roles.Contains(e.Role) ? this : this with { Roles = [.. Roles, e.Role] },
        UserEvent.SessionStarted e => this with
        {
            Sessions = [.. Sessions, new UserSession(e.SessionId, e.Client, e.RefreshDigest, [], e.At, e.At, e.From)],
        },
        UserEvent.RefreshRotated e => WithSession(e.SessionId, s => s with
        {
            RefreshDigest = e.RefreshDigest,
            RotatedDigests = [s.RefreshDigest, .. s.RotatedDigests.Take(RotatedDigestMemory - 1)],
            LastUsedAt = e.At,
            From = e.From ?? s.From,
        }),
        UserEvent.RefreshReuseDetected => this,
        UserEvent.SessionEnded e => this with { Sessions = [.. Sessions.Where(s => s.SessionId != e.SessionId)] },
        UserEvent.AllSessionsEnded => this with { Sessions = [] },
        UserEvent.AccessTokenRevoked e => this with { RevokedTokens = WithRevoked(e) },
        UserEvent.Banned e => this with { Status = AccountStatus.Banned, BanReason = e.Reason },
        UserEvent.Unbanned => this with { Status = AccountStatus.Active, BanReason = null },
        UserEvent.Unlocked => this with { FailedAttempts = 0, LockedUntil = null },

        // Withdrawal keeps the id and the password hash (the owner is told why a login fails) and drops the profile.
        UserEvent.Withdrawn e => this with { Status = AccountStatus.Withdrawn, WithdrawnAt = e.At, Email = null, DisplayName = null },
        UserEvent.OnlineSessionOpened e => this with
        {
            OnlineSessions = [.. OnlineSessions, new SessionHolder(e.GatewayId, e.ConnectionId)],
            LastOnlineAt = e.At,
        },
        UserEvent.OnlineSessionClosed e => this with
        {
            OnlineSessions = [.. OnlineSessions.Where(s => s != new SessionHolder(e.GatewayId, e.ConnectionId))],
            LastOnlineAt = e.At,
        },
        UserEvent.UserBlocked e => Blocks(e.Target) ? this : this with { Blocked = [.. Blocked, e.Target] },
        UserEvent.UserUnblocked e => this with { Blocked = [.. Blocked.Where(b => b != e.Target)] },
        UserEvent.InboxMessageQueued e => this with
        {
            Inbox = [.. Inbox, new InboxMessage(e.Number, e.From, e.Text, e.At)],
            NextInboxNumber = e.Number + 1,
        },
        UserEvent.InboxDelivered e => this with { Inbox = [.. Inbox.Where(m => m.Number > e.UpTo)] },
        _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "unknown user event"),
    };

    // Only tokens not yet expired at the time of the event are kept, and at most RevokedTokenMemory of them.
    private IReadOnlyList<RevokedAccessToken> WithRevoked(UserEvent.AccessTokenRevoked e)
    {
        var kept = RevokedTokens.Where(t => t.ExpiresAt > e.At).Append(new RevokedAccessToken(e.TokenId, e.ExpiresAt));
        return [.. kept.TakeLast(RevokedTokenMemory)];
    }

    private UserState WithSession(string sessionId, Func<UserSession, UserSession> change) =>
        this with { Sessions = [.. Sessions.Select(s => s.SessionId == sessionId ? change(s) : s)] };
}

/// <summary>An access token refused until <paramref name="ExpiresAt"/>.</summary>
public sealed record RevokedAccessToken(string TokenId, DateTimeOffset ExpiresAt);
