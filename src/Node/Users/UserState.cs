namespace AuthActors.Node.Users;

/// <summary>
/// One user's state as rebuilt from their events. Immutable; <see cref="Apply"/> is the only way it changes.
/// </summary>
public sealed record UserState(
    bool Exists,
    string? PasswordHash,
    DateTimeOffset? CreatedAt,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? LastLoginAt,
    string? LastLoginFrom)
{
    /// <summary>The state of an id that never registered (or was deleted).</summary>
    public static readonly UserState Empty = new(false, null, null, 0, null, null, null);

    /// <summary>True while a lock-out is in force.</summary>
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

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
        _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "unknown user event"),
    };
}
