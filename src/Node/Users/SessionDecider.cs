using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>
/// The rules of sessions and refresh tokens as pure functions: opening a session after a login, rotation with
/// reuse detection (RFC 9700), revocation, checks for introspection. Digests are compared in constant time.
/// </summary>
public static class SessionDecider
{
    /// <summary>What any unusable refresh token gets: the same words whatever the reason.</summary>
    public const string InvalidRefreshToken = "invalid refresh token";

    /// <summary>What a login gets when the user is at the session limit and the policy is to refuse.</summary>
    public const string SessionLimitReached = "too many sessions: end one before signing in again";

    /// <summary>
    /// Opens a session after <paramref name="login"/>, when it succeeded: expired sessions are closed, and when the
    /// user is at the limit, the policy decides: the oldest session (by start) ends to make room, or the login is
    /// refused (the login itself still counts: its failures are reset).
    /// </summary>
    public static Decision Open(
        UserState state, Decision login, NewRefreshToken fresh, SessionClient client, string? from, DateTimeOffset now, SessionOptions options)
    {
        if (login.Reply is not Authenticated)
        {
            return login;
        }

        var events = new List<UserEvent>(login.Events);
        var live = new List<UserSession>();
        foreach (var session in state.Sessions)
        {
            if (session.IsExpiredAt(now, options))
            {
                events.Add(new UserEvent.SessionEnded(session.SessionId, "expired", now));
            }
            else
            {
                live.Add(session);
            }
        }

        var excess = Math.Max(0, live.Count - options.MaxSessions + 1);
        if (excess > 0 && options.LimitPolicy == SessionLimitPolicy.Refuse)
        {
            return new Decision(events, new Rejected(ErrorCode.Conflict, SessionLimitReached));
        }

        foreach (var evicted in live.OrderBy(s => s.StartedAt).ThenBy(s => s.SessionId, StringComparer.Ordinal).Take(excess))
        {
            events.Add(new UserEvent.SessionEnded(evicted.SessionId, "session limit", now));
        }

        events.Add(new UserEvent.SessionStarted(fresh.SessionId, fresh.Digest, client, now, from));
        return new Decision(events, Granted(state, fresh, now, now, options));
    }

    /// <summary>
    /// Rotates the session's refresh token. The current token gets a new pair (<paramref name="next"/>, the
    /// presented token's deterministic successor). The token replaced last, presented again within the reuse grace
    /// after its rotation, gets that same successor back with nothing journalled: a retry of a lost response.
    /// Any other token this session already replaced means two parties hold the family, so the session (that
    /// family only) ends; anything else is just invalid.
    /// </summary>
    public static Decision Refresh(
        UserState state, string presentedDigest, NewRefreshToken next, string? from, DateTimeOffset now, SessionOptions options)
    {
        if (!state.IsActive || state.FindSession(next.SessionId) is not { } session)
        {
            return Decision.Only(Invalid());
        }

        if (RefreshTokenFormat.DigestsEqual(session.RefreshDigest, presentedDigest))
        {
            if (session.IsExpiredAt(now, options))
            {
                return new Decision([new UserEvent.SessionEnded(session.SessionId, "expired", now)], new Rejected(ErrorCode.BadCredentials, "refresh token expired"));
            }

            return new Decision(
                [new UserEvent.RefreshRotated(session.SessionId, next.Digest, now, from)],
                Granted(state, next, session.StartedAt, now, options));
        }

        if (IsRetryWithinGrace(session, presentedDigest, next, now, options))
        {
            return Decision.Only(Granted(state, next, session.StartedAt, session.LastUsedAt, options));
        }

        if (WasRotated(session, presentedDigest))
        {
            return new Decision(
                [new UserEvent.RefreshReuseDetected(session.SessionId, now, from), new UserEvent.SessionEnded(session.SessionId, "refresh token reuse", now)],
                new Rejected(ErrorCode.BadCredentials, "refresh token already used: the session is revoked"));
        }

        return Decision.Only(Invalid());
    }

    /// <summary>
    /// Revokes by a refresh token (RFC 7009). The current token proves the session and may end all of them; an
    /// already-replaced one is reuse and ends its session; an unknown one changes nothing and is not an error.
    /// </summary>
    public static Decision RevokeByRefreshToken(UserState state, string userId, string sessionId, string presentedDigest, RevokeScope scope, DateTimeOffset now)
    {
        if (state.FindSession(sessionId) is not { } session)
        {
            return Decision.Only(new Revoked(userId, 0, false));
        }

        if (RefreshTokenFormat.DigestsEqual(session.RefreshDigest, presentedDigest))
        {
            return scope == RevokeScope.All
                ? EndAllDecision(state, userId, "revoked", now)
                : new Decision([new UserEvent.SessionEnded(sessionId, "revoked", now)], new Revoked(userId, 1, false));
        }

        return WasRotated(session, presentedDigest)
            ? new Decision(
                [new UserEvent.RefreshReuseDetected(sessionId, now, null), new UserEvent.SessionEnded(sessionId, "refresh token reuse", now)],
                new Revoked(userId, 1, false))
            : Decision.Only(new Revoked(userId, 0, false));
    }

    /// <summary>Revokes by an access token whose signature the edge verified: the token, its session, or all.</summary>
    public static Decision RevokeByAccessToken(UserState state, RevokeAccessToken command, DateTimeOffset now) => command.Scope switch
    {
        RevokeScope.Token when command.ExpiresAt > now => new Decision(
            [new UserEvent.AccessTokenRevoked(command.TokenId, command.ExpiresAt, now)], new Revoked(command.UserId, 0, true)),
        RevokeScope.Token => Decision.Only(new Revoked(command.UserId, 0, false)),
        RevokeScope.Family when state.FindSession(command.SessionId) is not null => new Decision(
            [new UserEvent.SessionEnded(command.SessionId, "revoked", now)], new Revoked(command.UserId, 1, false)),
        RevokeScope.Family => Decision.Only(new Revoked(command.UserId, 0, false)),
        _ => EndAllDecision(state, command.UserId, "revoked", now),
    };

    /// <summary>Whether a verified access token still stands: its session live, the account active, the token not revoked.</summary>
    public static TokenStatus CheckAccessToken(UserState state, string sessionId, string tokenId, DateTimeOffset now, SessionOptions options)
    {
        if (!state.IsActive || state.FindSession(sessionId) is not { } session || session.IsExpiredAt(now, options)
            || state.RevokedTokens.Any(t => string.Equals(t.TokenId, tokenId, StringComparison.Ordinal)))
        {
            return TokenStatus.Inactive;
        }

        return new TokenStatus(true, sessionId, null, state.Roles);
    }

    /// <summary>Whether a refresh token is the current one of a live session.</summary>
    public static TokenStatus CheckRefreshToken(UserState state, string sessionId, string presentedDigest, DateTimeOffset now, SessionOptions options)
    {
        if (!state.IsActive || state.FindSession(sessionId) is not { } session || session.IsExpiredAt(now, options)
            || !RefreshTokenFormat.DigestsEqual(session.RefreshDigest, presentedDigest))
        {
            return TokenStatus.Inactive;
        }

        return new TokenStatus(true, sessionId, session.ExpiresAt(options), state.Roles);
    }

    /// <summary>The live sessions, most recently used first.</summary>
    public static SessionList List(UserState state, string userId, DateTimeOffset now, SessionOptions options) => new(
        userId,
        [.. state.Sessions.Where(s => !s.IsExpiredAt(now, options)).OrderByDescending(s => s.LastUsedAt)
            .Select(s => new SessionInfo(s.SessionId, s.Client, s.StartedAt, s.LastUsedAt, s.From, s.ExpiresAt(options)))]);

    /// <summary>Ends one session (the owner's logout or "end this session").</summary>
    public static Decision End(UserState state, string userId, string sessionId, DateTimeOffset now) =>
        state.FindSession(sessionId) is null
            ? Decision.Only(new Rejected(ErrorCode.NotFound, "no such session"))
            : new Decision([new UserEvent.SessionEnded(sessionId, "logout", now)], new SessionEnded(userId, sessionId));

    /// <summary>The event that ends every session, or none when there is none to end.</summary>
    public static IEnumerable<UserEvent> EndAll(UserState state, string reason, DateTimeOffset now) =>
        state.Sessions.Count == 0 ? [] : [new UserEvent.AllSessionsEnded(reason, now)];

    private static Decision EndAllDecision(UserState state, string userId, string reason, DateTimeOffset now) =>
        new([.. EndAll(state, reason, now)], new Revoked(userId, state.Sessions.Count, false));

    // The presented token is the one replaced last (its successor is the current token) and it was replaced within
    // the grace. Checking the successor's digest, not only the position, means a chain that moved on since is reuse.
    private static bool IsRetryWithinGrace(UserSession session, string presentedDigest, NewRefreshToken next, DateTimeOffset now, SessionOptions options) =>
        session.RotatedDigests.Count > 0
        && now - session.LastUsedAt <= options.ReuseGrace
        && !session.IsExpiredAt(now, options)
        && RefreshTokenFormat.DigestsEqual(session.RotatedDigests[0], presentedDigest)
        && RefreshTokenFormat.DigestsEqual(session.RefreshDigest, next.Digest);

    private static bool WasRotated(UserSession session, string presentedDigest)
    {
        var found = false;
        foreach (var rotated in session.RotatedDigests)
        {
            // No early exit: the time taken does not tell which of the remembered tokens matched.
            found |= RefreshTokenFormat.DigestsEqual(rotated, presentedDigest);
        }

        return found;
    }

    private static SessionGranted Granted(UserState state, NewRefreshToken token, DateTimeOffset startedAt, DateTimeOffset now, SessionOptions options)
    {
        var idle = now + options.IdleLifetime;
        var absolute = startedAt + options.AbsoluteLifetime;
        return new SessionGranted(token.SessionId, token.Token, idle < absolute ? idle : absolute, state.Roles);
    }

    private static Rejected Invalid() => new(ErrorCode.BadCredentials, InvalidRefreshToken);
}
