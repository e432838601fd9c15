using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>The admin's and the owner's account actions as pure functions: profile, ban, unban, unlock, first admin.</summary>
public static class AccountDecider
{
    /// <summary>The role that may use the admin API.</summary>
    public const string AdminRole = "admin";

    private static readonly Rejected NoSuchUser = new(ErrorCode.NotFound, "no such user");

    /// <summary>The account's status and password hash, for an admin's export.</summary>
    public static IUserReply Export(UserState state, string userId) =>
        state.Exists && state.PasswordHash is { } hash ? new CredentialExported(userId, state.Status, hash) : NoSuchUser;

    /// <summary>The profile, for the owner or an admin.</summary>
    public static IUserReply Profile(UserState state, string userId, DateTimeOffset now, SessionOptions options) => state.Exists
        ? new UserProfile(
            userId,
            state.Status,
            state.Email,
            state.DisplayName,
            state.Roles,
            state.CreatedAt ?? DateTimeOffset.MinValue,
            state.LastLoginAt,
            state.LastLoginFrom,
            state.FailedAttempts,
            state.IsLockedAt(now) ? state.LockedUntil : null,
            state.BanReason,
            state.WithdrawnAt,
            state.Sessions.Count(s => !s.IsExpiredAt(now, options)))
        : NoSuchUser;

    /// <summary>Bans the account and ends its sessions; a withdrawn account has nothing left to ban.</summary>
    public static Decision Ban(UserState state, string userId, string reason, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return Decision.Only(NoSuchUser);
        }

        if (state.Status == AccountStatus.Withdrawn)
        {
            return Decision.Only(new Rejected(ErrorCode.Conflict, "the account is withdrawn"));
        }

        return new Decision(
            [new UserEvent.Banned(reason, now), .. SessionDecider.EndAll(state, "banned", now)],
            new AccountChanged(userId, AccountStatus.Banned));
    }

    /// <summary>Lifts a ban; unbanning an account that is not banned changes nothing.</summary>
    public static Decision Unban(UserState state, string userId, DateTimeOffset now) => state switch
    {
        { Exists: false } => Decision.Only(NoSuchUser),
        { Status: AccountStatus.Banned } => new Decision([new UserEvent.Unbanned(now)], new AccountChanged(userId, AccountStatus.Active)),
        _ => Decision.Only(new AccountChanged(userId, state.Status)),
    };

    /// <summary>
    /// Ends every lock-out (the account's, untrusted clients', each device's, the ceiling) and clears the failure
    /// counts; a no-op when there is nothing to clear.
    /// </summary>
    public static Decision Unlock(UserState state, string userId, DateTimeOffset now) => state switch
    {
        { Exists: false } => Decision.Only(NoSuchUser),
        _ when state.FailedAttempts > 0 || state.IsLockedAt(now) || state.ConsecutiveFailures > 0
            || state.Untrusted != LockoutPool.Clear || state.Devices.Count > 0 =>
            new Decision([new UserEvent.Unlocked(now)], new AccountChanged(userId, state.Status)),
        _ => Decision.Only(new AccountChanged(userId, state.Status)),
    };

    /// <summary>Ends every session (an admin's action).</summary>
    public static Decision EndAllSessions(UserState state, string userId, DateTimeOffset now) => state.Exists
        ? new Decision([.. SessionDecider.EndAll(state, "ended by an administrator", now)], new Revoked(userId, state.Sessions.Count, false))
        : Decision.Only(NoSuchUser);

    /// <summary>Refuses to create the configured first admin when the id is held by an account without the role.</summary>
    public static IUserReply? AdminAlreadySettled(UserState state, string userId, DateTimeOffset now, AccountOptions account)
    {
        if (UserDecider.IdTaken(state, now, account) is null)
        {
            return null;
        }

        return state.Roles.Contains(AdminRole)
            ? new AccountChanged(userId, state.Status)
            : new Rejected(ErrorCode.Conflict, $"'{userId}' exists without the admin role; it is not promoted by configuration");
    }

    /// <summary>Creates the first admin, once the password is hashed.</summary>
    public static Decision CreateAdmin(string userId, string passwordHash, DateTimeOffset now) => new(
        [new UserEvent.Registered(userId, passwordHash, now), new UserEvent.RoleGranted(AdminRole, now)],
        new Registered(userId));
}
