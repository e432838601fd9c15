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

    /// <summary>The user signed up (or signed up again after a delete).</summary>
    public sealed record Registered(string UserId, string PasswordHash, DateTimeOffset At) : UserEvent;

    /// <summary>A correct password was given.</summary>
    public sealed record LoginSucceeded(DateTimeOffset At, string? From) : UserEvent;

    /// <summary>A wrong password was given.</summary>
    public sealed record LoginFailed(DateTimeOffset At, string? From) : UserEvent;

    /// <summary>Too many consecutive failures: attempts are refused until <paramref name="Until"/>.</summary>
    public sealed record Locked(DateTimeOffset At, DateTimeOffset Until) : UserEvent;

    /// <summary>The user chose a new password.</summary>
    public sealed record PasswordChanged(string PasswordHash, DateTimeOffset At) : UserEvent;

    /// <summary>The same password was hashed again with the current parameters.</summary>
    public sealed record PasswordRehashed(string PasswordHash, DateTimeOffset At) : UserEvent;

    /// <summary>The account was deleted; the id may register again.</summary>
    public sealed record Deleted(DateTimeOffset At, bool ByAdmin) : UserEvent;
}
