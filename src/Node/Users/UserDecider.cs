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

    /// <summary>Refuses a sign-up before hashing: bad id, taken id, or a password the policy refuses.</summary>
    public static Rejected? RefuseRegistration(UserState state, Register command)
    {
        if (!UserId.IsValid(command.UserId))
        {
            return new Rejected(ErrorCode.InvalidInput, UserId.Rule);
        }

        if (state.Exists)
        {
            return new Rejected(ErrorCode.Conflict, "id already taken");
        }

        var broken = PasswordPolicy.Check(command.Policy, command.Password.Value);
        return broken.Count > 0 ? new Rejected(ErrorCode.InvalidInput, broken) : null;
    }

    /// <summary>The sign-up, once the password is hashed.</summary>
    public static Decision Register(string userId, string passwordHash, DateTimeOffset now) =>
        new([new UserEvent.Registered(userId, passwordHash, now)], new Registered(userId));

    /// <summary>
    /// Refuses a password attempt before the password is checked: no such user, or locked. A locked account is
    /// refused without looking at the password, so guessing during a lock-out learns nothing.
    /// </summary>
    public static Rejected? RefuseAttempt(UserState state, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return new Rejected(ErrorCode.BadCredentials, WrongCredentials);
        }

        return state.IsLockedAt(now) ? LockedRejection(state.LockedUntil!.Value - now) : null;
    }

    /// <summary>A login after the password check; <paramref name="rehash"/> is the new hash when parameters changed.</summary>
    public static Decision Login(UserState state, string userId, PasswordCheck check, string? rehash, string? from, DateTimeOffset now, LockoutOptions lockout)
    {
        if (!check.Matches)
        {
            return Failure(state, from, now, lockout);
        }

        var events = new List<UserEvent> { new UserEvent.LoginSucceeded(now, from) };
        if (rehash is not null)
        {
            events.Add(new UserEvent.PasswordRehashed(rehash, now));
        }

        return new Decision(events, new Authenticated(userId));
    }

    /// <summary>Refuses a new password the policy does not allow, before any hashing.</summary>
    public static Rejected? RefuseNewPassword(ChangePassword command)
    {
        var broken = PasswordPolicy.Check(command.Policy, command.NewPassword.Value);
        return broken.Count > 0 ? new Rejected(ErrorCode.InvalidInput, broken) : null;
    }

    /// <summary>A password change after the old password was checked; a wrong old password counts as a failure.</summary>
    public static Decision ChangePassword(UserState state, string userId, PasswordCheck check, string newHash, DateTimeOffset now, LockoutOptions lockout) =>
        check.Matches
            ? new Decision([new UserEvent.PasswordChanged(newHash, now)], new PasswordChanged(userId))
            : Failure(state, null, now, lockout);

    /// <summary>A delete: an admin's always goes through; a user's needs the right password.</summary>
    public static Decision Delete(UserState state, string userId, PasswordCheck? check, bool byAdmin, DateTimeOffset now, LockoutOptions lockout)
    {
        if (!state.Exists)
        {
            return Decision.Only(new Rejected(ErrorCode.NotFound, "no such user"));
        }

        return byAdmin || check is { Matches: true }
            ? new Decision([new UserEvent.Deleted(now, byAdmin)], new UserDeleted(userId))
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

    // One more consecutive failure; the one that reaches the limit locks the account and says so.
    private static Decision Failure(UserState state, string? from, DateTimeOffset now, LockoutOptions lockout)
    {
        var failed = new UserEvent.LoginFailed(now, from);
        if (state.FailedAttempts + 1 < lockout.MaxFailures)
        {
            return new Decision([failed], new Rejected(ErrorCode.BadCredentials, WrongCredentials));
        }

        var until = now + lockout.BlockDuration;
        return new Decision([failed, new UserEvent.Locked(now, until)], LockedRejection(lockout.BlockDuration));
    }
}
