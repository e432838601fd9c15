using System.Globalization;
using AuthActors.Messages;
using AuthActors.Node.Passwords;

namespace AuthActors.Node.Users;

/// <summary>
/// The user's rules as pure functions of state, input and the time. The shell calls a gate first (cheap checks
/// that need no hashing), hashes on the pool, then the decision. No I/O, no clock reads, no randomness here.
/// </summary>
public static class UserDecider
{
    /// <summary>What a client hears for a wrong id or password: the same words for both.</summary>
    public const string WrongCredentials = "wrong id or password";

    /// <summary>Refuses a sign-up before hashing: bad id or profile, taken id, or a password the policy refuses.</summary>
    public static Rejected? RefuseRegistration(UserState state, Register command, DateTimeOffset now, AccountOptions account)
    {
        if (!UserId.IsValid(command.UserId))
        {
            return new Rejected(ErrorCode.InvalidInput, UserId.Rule);
        }

        if (IdTaken(state, now, account) is { } taken)
        {
            return taken;
        }

        var broken = PasswordPolicy.Check(command.Policy, command.Password.Value).Concat(ProfileRules.Check(command.Email, command.DisplayName)).ToList();
        return broken.Count > 0 ? new Rejected(ErrorCode.InvalidInput, broken) : null;
    }

    /// <summary>The sign-up, once the password is hashed; the profile is its own event, only when one was given.</summary>
    public static Decision Register(string userId, string passwordHash, string? email, string? displayName, DateTimeOffset now)
    {
        UserEvent registered = new UserEvent.Registered(userId, passwordHash, now);
        IReadOnlyList<UserEvent> events = email is null && displayName is null
            ? [registered]
            : [registered, new UserEvent.ProfileSet(email, displayName, now)];
        return new Decision(events, new Registered(userId));
    }

    /// <summary>Why the id cannot be signed up for now: in use, or withdrawn and still in its cooldown.</summary>
    public static Rejected? IdTaken(UserState state, DateTimeOffset now, AccountOptions account)
    {
        if (!state.Exists)
        {
            return null;
        }

        if (state.Status == AccountStatus.Withdrawn && state.WithdrawnAt is { } withdrawnAt)
        {
            var free = withdrawnAt + account.WithdrawalCooldown;
            return free <= now
                ? null
                : new Rejected(ErrorCode.Conflict, string.Create(CultureInfo.InvariantCulture, $"id was withdrawn and cannot be taken again before {free:yyyy-MM-dd HH:mm:ss}Z"));
        }

        return new Rejected(ErrorCode.Conflict, "id already taken");
    }

    /// <summary>What an attempt past the ceiling hears from anything but a trusted device.</summary>
    public const string CeilingReached =
        "too many failed attempts on this account: sign in from a device you used before, or ask an administrator to unlock it";

    /// <summary>
    /// Refuses a password attempt before the password is checked: no such user, past the ceiling of consecutive
    /// failures (unless from a trusted device), or the attempt's budget locked. A refused attempt is refused without
    /// looking at the password, so guessing during a lock-out learns nothing and costs no hash.
    /// </summary>
    public static Rejected? RefuseAttempt(UserState state, DateTimeOffset now, LockoutOptions lockout, LoginAttempt? attempt = null)
    {
        attempt ??= LoginAttempt.Account;
        if (!state.Exists)
        {
            return new Rejected(ErrorCode.BadCredentials, WrongCredentials);
        }

        if (state.ConsecutiveFailures >= lockout.Ceiling && !attempt.IsTrusted)
        {
            return new Rejected(ErrorCode.Locked, CeilingReached);
        }

        var pool = state.PoolOf(attempt);
        return pool.IsLockedAt(now) ? LockedRejection(pool.LockedUntil!.Value - now) : null;
    }

    /// <summary>
    /// A login after the password check; <paramref name="rehash"/> is the new hash when parameters changed. A banned
    /// or withdrawn account says so only to someone who knows the password, and counts no failures: it cannot log in
    /// anyway, and nobody else learns its status.
    /// </summary>
    public static Decision Login(
        UserState state, string userId, PasswordCheck check, string? rehash, string? from, DateTimeOffset now, LockoutOptions lockout, LoginAttempt? attempt = null)
    {
        attempt ??= LoginAttempt.Account;
        if (state.Status != AccountStatus.Active)
        {
            return Decision.Only(check.Matches ? InactiveRejection(state.Status) : new Rejected(ErrorCode.BadCredentials, WrongCredentials));
        }

        if (!check.Matches)
        {
            return Failure(state, from, now, lockout, attempt);
        }

        var events = new List<UserEvent> { new UserEvent.LoginSucceeded(now, from, attempt.Via) };
        if (rehash is not null)
        {
            events.Add(new UserEvent.PasswordRehashed(rehash, now));
        }

        return new Decision(events, new Authenticated(userId));
    }

    /// <summary>What an account that may not log in answers to its right password.</summary>
    public static Rejected InactiveRejection(AccountStatus status) => status == AccountStatus.Banned
        ? new Rejected(ErrorCode.Forbidden, "account protected: it was banned by an administrator")
        : new Rejected(ErrorCode.Forbidden, "account withdrawn");

    /// <summary>Refuses a new password the policy does not allow, before any hashing.</summary>
    public static Rejected? RefuseNewPassword(ChangePassword command)
    {
        var broken = PasswordPolicy.Check(command.Policy, command.NewPassword.Value);
        return broken.Count > 0 ? new Rejected(ErrorCode.InvalidInput, broken) : null;
    }

    /// <summary>A password change after the old password was checked; a wrong old password counts as a failure.</summary>
    public static Decision ChangePassword(UserState state, string userId, PasswordCheck check, string newHash, DateTimeOffset now, LockoutOptions lockout)
    {
        if (state.Status != AccountStatus.Active)
        {
            return Decision.Only(check.Matches ? InactiveRejection(state.Status) : new Rejected(ErrorCode.BadCredentials, WrongCredentials));
        }

        if (!check.Matches)
        {
            return Failure(state, null, now, lockout);
        }

        // A new password ends every session: whoever knew the old one may be holding a refresh token.
        return new Decision(
            [new UserEvent.PasswordChanged(newHash, now), .. SessionDecider.EndAll(state, "password changed", now)],
            new PasswordChanged(userId));
    }

    /// <summary>A delete: an admin's always goes through; a user's needs the right password.</summary>
    public static Decision Delete(UserState state, string userId, PasswordCheck? check, bool byAdmin, DateTimeOffset now, LockoutOptions lockout)
    {
        if (!state.Exists)
        {
            return Decision.Only(new Rejected(ErrorCode.NotFound, "no such user"));
        }

        if (byAdmin)
        {
            return new Decision([new UserEvent.Deleted(now, true)], new UserDeleted(userId));
        }

        // A banned user must not escape the ban by deleting the account and signing up again.
        if (state.Status != AccountStatus.Active)
        {
            return Decision.Only(check is { Matches: true } ? InactiveRejection(state.Status) : new Rejected(ErrorCode.BadCredentials, WrongCredentials));
        }

        return check is { Matches: true }
            ? new Decision([new UserEvent.Deleted(now, false)], new UserDeleted(userId))
            : Failure(state, null, now, lockout);
    }

    /// <summary>The owner withdraws the account after giving the password; a wrong one counts as a failure.</summary>
    public static Decision Withdraw(UserState state, string userId, PasswordCheck check, DateTimeOffset now, LockoutOptions lockout, AccountOptions account)
    {
        if (state.Status != AccountStatus.Active)
        {
            return Decision.Only(check.Matches ? InactiveRejection(state.Status) : new Rejected(ErrorCode.BadCredentials, WrongCredentials));
        }

        return check.Matches
            ? new Decision(
                [new UserEvent.Withdrawn(now), .. SessionDecider.EndAll(state, "withdrawn", now)],
                new Withdrawn(userId, now + account.WithdrawalCooldown))
            : Failure(state, null, now, lockout);
    }

    /// <summary>The reply to an attempt on a locked account, with the whole seconds left (never 0).</summary>
    public static Rejected LockedRejection(TimeSpan left)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(left.TotalSeconds));
        return new Rejected(
            ErrorCode.Locked,
            string.Create(CultureInfo.InvariantCulture, $"your account is blocked for {seconds} seconds due to multiple login failures"),
            TimeSpan.FromSeconds(seconds));
    }

    // One more consecutive failure in the attempt's budget; the one that reaches its limit locks that budget (longer
    // after each earlier lock-out, when configured) and says so; the one that reaches the ceiling says that instead.
    private static Decision Failure(UserState state, string? from, DateTimeOffset now, LockoutOptions lockout, LoginAttempt? attempt = null)
    {
        attempt ??= LoginAttempt.Account;
        var failed = new UserEvent.LoginFailed(now, from, attempt.Via);
        var pool = state.PoolOf(attempt);
        var limit = attempt.IsTrusted ? lockout.DeviceMaxFailures : lockout.MaxFailures;
        var pastCeiling = state.ConsecutiveFailures + 1 >= lockout.Ceiling && !attempt.IsTrusted;
        if (pool.Failures + 1 < limit)
        {
            return new Decision([failed], pastCeiling ? new Rejected(ErrorCode.Locked, CeilingReached) : new Rejected(ErrorCode.BadCredentials, WrongCredentials));
        }

        var block = lockout.BlockFor(pool.Lockouts);
        return new Decision(
            [failed, new UserEvent.Locked(now, now + block, attempt.Via)],
            pastCeiling ? new Rejected(ErrorCode.Locked, CeilingReached) : LockedRejection(block));
    }
}
