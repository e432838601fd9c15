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

    /// <summary>Consecutive failures from every source together since the last success or unlock (the ceiling).</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>Account-mode lock-outs since the last success (a growing lock-out lasts longer each time).</summary>
    public int AccountLockouts { get; init; }

    /// <summary>The failure budget of clients without a valid device token (device mode).</summary>
    public LockoutPool Untrusted { get; init; } = LockoutPool.Clear;

    /// <summary>Trusted devices with failures since their last success, each with its own budget (device mode).</summary>
    public IReadOnlyList<DeviceLockout> Devices { get; init; } = [];

    /// <summary>When an online session last opened or closed: what <c>whoelsesince</c> asks.</summary>
    public DateTimeOffset? LastOnlineAt { get; init; }

    /// <summary>The online sessions whose gateway is live.</summary>
    public IReadOnlyList<SessionHolder> LiveOnlineSessions(IReadOnlyList<string> liveGateways) =>
        [.. OnlineSessions.Where(s => liveGateways.Contains(s.GatewayId))];

    /// <summary>True when this user blocks <paramref name="other"/>.</summary>
    public bool Blocks(string other) => Blocked.Contains(other, StringComparer.Ordinal);

    /// <summary>True while an account-mode lock-out is in force.</summary>
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>The budget an attempt spends: the account's as a pool, untrusted clients', or one device's.</summary>
    public LockoutPool PoolOf(LoginAttempt attempt) => PoolOf(attempt.Via);

    // The budget an event's via names (null: the account; "untrusted"; "device:<id>").
    private LockoutPool PoolOf(string? via) => via switch
    {
        null => new LockoutPool(FailedAttempts, LockedUntil, AccountLockouts),
        LockoutPools.UntrustedVia => Untrusted,
        _ => Devices.FirstOrDefault(d => d.DeviceId == DeviceOf(via))?.Pool ?? LockoutPool.Clear,
    };

    private static string DeviceOf(string via) =>
        via.StartsWith(LockoutPools.DevicePrefix, StringComparison.Ordinal) ? via[LockoutPools.DevicePrefix.Length..] : via;

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
        // The owner proved themselves: every count starts again, and the account lock lifts; untrusted clients stay
        // locked if they are (the owner logging in from a trusted device does not let a guesser go on).
        UserEvent.LoginSucceeded e => WithPool(e.Via, _ => LockoutPool.Clear) with
        {
            FailedAttempts = 0,
            LockedUntil = null,
            AccountLockouts = 0,
            ConsecutiveFailures = 0,
            LastLoginAt = e.At,
            LastLoginFrom = e.From,
        },
        UserEvent.LoginFailed e => WithPool(e.Via, p => p with { Failures = p.Failures + 1 }) with { ConsecutiveFailures = ConsecutiveFailures + 1 },

        // A lock-out starts a fresh count: when it ends, the budget gets the full number of attempts again.
        UserEvent.Locked e => WithPool(e.Via, p => new LockoutPool(0, e.Until, p.Lockouts + 1)),
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
        UserEvent.Unlocked => this with
        {
            FailedAttempts = 0,
            LockedUntil = null,
            AccountLockouts = 0,
            ConsecutiveFailures = 0,
            Untrusted = LockoutPool.Clear,
            Devices = [],
        },

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

    // The budget an event's via names, changed; a device whose budget is clear again is forgotten.
    private UserState WithPool(string? via, Func<LockoutPool, LockoutPool> change)
    {
        var pool = change(PoolOf(via));
        if (via is null)
        {
            return this with { FailedAttempts = pool.Failures, LockedUntil = pool.LockedUntil, AccountLockouts = pool.Lockouts };
        }

        if (via == LockoutPools.UntrustedVia)
        {
            return this with { Untrusted = pool };
        }

        var device = DeviceOf(via);
        var others = Devices.Where(d => d.DeviceId != device);
        return this with
        {
            Devices = pool == LockoutPool.Clear
                ? [.. others]
                : [.. others.TakeLast(LockoutPools.MaxDevices - 1), new DeviceLockout(device, pool)],
        };
    }

    private UserState WithSession(string sessionId, Func<UserSession, UserSession> change) =>
        this with { Sessions = [.. Sessions.Select(s => s.SessionId == sessionId ? change(s) : s)] };
}

/// <summary>An access token refused until <paramref name="ExpiresAt"/>.</summary>
public sealed record RevokedAccessToken(string TokenId, DateTimeOffset ExpiresAt);
